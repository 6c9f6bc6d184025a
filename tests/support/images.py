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


def street_photo(width: int = 320, height: int = 240, seed: int = 0, fixed: bool = False) -> bytes:
    """A JPEG that reads as a photo of a street problem at thumbnail size (sky, buildings, a road
    with a dark hole, or its fresh patch once fixed), so screenshots look like the real thing."""
    from PIL import ImageDraw

    image = Image.new("RGB", (width, height), (150 + seed * 13 % 60, 190, 225))
    draw = ImageDraw.Draw(image)
    horizon = height * 2 // 5
    for n in range(6):  # buildings along the street
        left = n * width // 6
        top = horizon - (20 + (seed * 7 + n * 31) % (horizon - 20))
        draw.rectangle([left, top, left + width // 6 - 4, horizon],
                       fill=(200 - n * 12, 190 - n * 9, 170))
    draw.polygon([(0, height), (width, height), (width * 3 // 5, horizon), (width * 2 // 5, horizon)],
                 fill=(95, 98, 104))
    cx, cy = width // 2 + (seed * 17 % 40) - 20, height * 3 // 4
    draw.ellipse([cx - width // 7, cy - height // 14, cx + width // 7, cy + height // 14],
                 fill=(130, 132, 136) if fixed else (45, 40, 38))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()
