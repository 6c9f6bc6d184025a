"""Real image bytes for tests, with and without EXIF."""
from __future__ import annotations

import io

from PIL import Image


def jpeg(width: int = 64, height: int = 48, with_gps: bool = False) -> bytes:
    """A real JPEG, optionally carrying GPS and camera EXIF like a phone photo."""
    image = Image.new("RGB", (width, height), (180, 40, 40))
    out = io.BytesIO()
    if with_gps:
        exif = image.getexif()
        exif[0x010F] = "PhoneMaker"
        exif[0x8825] = {1: "N", 2: (13.0, 45.0, 54.0), 3: "E", 4: (100.0, 32.0, 18.0)}
        image.save(out, "JPEG", exif=exif)
    else:
        image.save(out, "JPEG")
    return out.getvalue()
