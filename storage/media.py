"""Checked photos: real JPEG/PNG only, EXIF removed, named by content hash, kept in a media store.

One small interface for every reader and writer: `save_image` (check, clean, store) and `open`
(the stored bytes as a stream, FileNotFoundError when absent). The store is the private folder
MEDIA_DIR by default, or an S3-compatible bucket when MEDIA_URL=s3://bucket/prefix
(storage/media_s3.py), so several web and worker machines can share the photos.
"""
from __future__ import annotations

import hashlib
import io
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

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


class MediaUnavailable(RuntimeError):
    """The media store cannot be reached just now (a network or service fault); try again later."""


class ImageStore:
    """Checks and cleans images, then keeps them wherever a subclass puts bytes."""

    def save_image(self, data: bytes, max_bytes: int) -> StoredImage:
        """Check, strip metadata from and store an uploaded image."""
        if len(data) > max_bytes:
            raise BadImage(f"image is larger than {max_bytes // (1024 * 1024)} MB", "too_big")
        image = _open(data)
        cleaned, fmt = _without_metadata(image)
        digest = hashlib.sha256(cleaned).hexdigest()
        content_type, suffix = ALLOWED[fmt]
        relative = f"{digest[:2]}/{digest}{suffix}"
        self.put(relative, cleaned, content_type)
        return StoredImage(relative, digest, content_type, image.width, image.height, len(cleaned))

    def put(self, relative: str, data: bytes, content_type: str) -> None:
        """Keep the bytes under the name (the same name always holds the same bytes)."""
        raise NotImplementedError

    def open(self, relative: str) -> BinaryIO:
        """A stream of the stored bytes; FileNotFoundError when there are none."""
        raise NotImplementedError

    def delete(self, relative: str) -> None:
        """Remove the stored bytes, if there are any (an erased citizen's photo)."""
        raise NotImplementedError


class MediaStore(ImageStore):
    """Stores cleaned images in a private folder (MEDIA_DIR) and reads them back."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root).resolve()

    def put(self, relative: str, data: bytes, content_type: str) -> None:
        """Write the file atomically, once."""
        target = self.path_of(relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            # A name of its own: two workers storing the same photo at once must not share one
            temporary = target.with_name(f"{target.name}.{uuid.uuid4().hex}.part")
            temporary.write_bytes(data)
            os.replace(temporary, target)  # atomic: a reader never sees half a file

    def open(self, relative: str) -> BinaryIO:
        """The file, opened for reading."""
        return self.path_of(relative).open("rb")

    def delete(self, relative: str) -> None:
        """Remove the file; one already gone is fine."""
        self.path_of(relative).unlink(missing_ok=True)

    def path_of(self, relative: str) -> Path:
        """The absolute path of a stored file, refusing anything outside the store."""
        path = (self.root / relative).resolve()
        if self.root not in path.parents:
            raise FileNotFoundError(relative)
        return path


def media_store(media_url: str, media_dir: str, endpoint_url: str = "") -> ImageStore:
    """The store MEDIA_URL names (s3://bucket/prefix), else the folder MEDIA_DIR."""
    if media_url:
        from storage.media_s3 import S3MediaStore  # boto3 is only loaded when asked for
        return S3MediaStore.from_url(media_url, endpoint_url)
    return MediaStore(media_dir)


def parse_s3_url(media_url: str) -> tuple[str, str]:
    """The bucket and prefix of s3://bucket/prefix; ValueError when it is not such a URL."""
    parts = urlsplit(media_url)
    if parts.scheme != "s3" or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(media_url)
    return parts.netloc, parts.path.strip("/")


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
