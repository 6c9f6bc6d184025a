"""Checked photos on disk under MEDIA_DIR: real JPEG/PNG only, EXIF removed, named by content hash."""
from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED = {"JPEG": ("image/jpeg", ".jpg"), "PNG": ("image/png", ".png")}
MAX_PIXELS = 40_000_000  # a phone photo is ~12 MP; more is a decompression bomb


class BadImage(ValueError):
    """The bytes are not an image we accept; `kind` names why, so the chat can say it in a sentence."""

    def __init__(self, message: str, kind: str = "unreadable"):
        super().__init__(message)
        self.kind = kind  # too_big, wrong_type, too_many_pixels or unreadable


@dataclass(frozen=True)
class StoredImage:
    """Where a cleaned image went and what it is."""

    path: str
    sha256: str
    content_type: str
    width: int
    height: int
    size: int


class MediaStore:
    """Stores cleaned images in a private folder and reads them back."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()

    def save_image(self, data: bytes, max_bytes: int) -> StoredImage:
        """Check, strip metadata from and store an uploaded image."""
        if len(data) > max_bytes:
            raise BadImage(f"image is larger than {max_bytes // (1024 * 1024)} MB", "too_big")
        image = _open(data)
        cleaned, fmt = _without_metadata(image)
        digest = hashlib.sha256(cleaned).hexdigest()
        content_type, suffix = ALLOWED[fmt]
        relative = f"{digest[:2]}/{digest}{suffix}"
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            temporary = target.with_suffix(".part")
            temporary.write_bytes(cleaned)
            os.replace(temporary, target)  # atomic: a reader never sees half a file
        return StoredImage(relative, digest, content_type, image.width, image.height, len(cleaned))

    def path_of(self, relative: str) -> Path:
        """The absolute path of a stored file, refusing anything outside the store."""
        path = (self.root / relative).resolve()
        if self.root not in path.parents:
            raise FileNotFoundError(relative)
        return path


def _open(data: bytes) -> Image.Image:
    """Decode the image fully, so truncated or fake files fail here and not later."""
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in ALLOWED:
                raise BadImage("only JPEG and PNG photos are accepted", "wrong_type")
            if probe.width * probe.height > MAX_PIXELS:
                raise BadImage("image has too many pixels", "too_many_pixels")
            probe.load()
            image = ImageOps.exif_transpose(probe)  # keep the photo upright once EXIF is gone
            image.format = fmt
            return image
    except BadImage:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise BadImage("the file is not a readable JPEG or PNG image") from None


def _without_metadata(image: Image.Image) -> tuple[bytes, str]:
    """Re-encode pixels only: no EXIF, XMP, ICC profile, comment or text chunk is carried over."""
    fmt = image.format
    pixels = image.convert("RGB") if fmt == "JPEG" else image.copy()
    # Pillow writes back what it read into .info (a JPEG comment, a PNG's ICC profile):
    # keep nothing but the transparency a palette image needs to look the same.
    pixels.info = {key: image.info[key] for key in ("transparency",) if key in image.info}
    out = io.BytesIO()
    if fmt == "JPEG":
        pixels.save(out, "JPEG", quality=90, optimize=True)
    else:
        pixels.save(out, "PNG", optimize=True)
    return out.getvalue(), fmt
