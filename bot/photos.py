"""Signed, unguessable links to stored photos, and the route that serves them."""
from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import Blueprint, abort, current_app, send_file

from bot.config import Settings
from bot.line.messages import PHOTO_FRAME, PHOTO_REF
from storage.media import MediaUnavailable
from storage.models import Photo

blueprint = Blueprint("photos", __name__)


def signature(settings: Settings, photo_id: int) -> str:
    """The HMAC that makes a photo link unguessable."""
    return hmac.new(settings.secret_key.encode(), f"photo:{photo_id}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def photo_url(settings: Settings, photo_id: int) -> str | None:
    """A link LINE can show, or None when no usable public address is configured."""
    base = settings.public_base_url.rstrip("/")
    # LINE only shows https images; the simulator shows whatever it is given.
    if not base or (not settings.simulator and not base.startswith("https://")):
        return None
    return f"{base}/media/{photo_id}/{signature(settings, photo_id)}"


def resolve(outgoing: list[dict], settings: Settings) -> list[dict]:
    """Swap photo references in messages for signed links, dropping images that have none."""
    return [_resolve(message, settings) for message in outgoing]


_DROP = object()  # stands for a node left out because its photo has no link


def _resolve(node: Any, settings: Settings) -> Any:
    """Rebuild a JSON node with references resolved; a photo (or its frame) with no link is left out."""
    if isinstance(node, list):
        return [item for item in (_resolve(i, settings) for i in node) if item is not _DROP]
    if not isinstance(node, dict):
        return node
    if str(node.get("url", "")).startswith(PHOTO_REF):
        url = photo_url(settings, int(node["url"][len(PHOTO_REF):]))
        if url is None:
            return _DROP  # no link LINE could load: leave the image out
        node = {**node, "url": url}
    out = {}
    for key, value in node.items():
        if key == PHOTO_FRAME:
            continue
        value = _resolve(value, settings)
        if value is _DROP:
            continue
        out[key] = value
    if node.get(PHOTO_FRAME) and not any(isinstance(c, dict) and c.get("type") == "image"
                                         for c in out.get("contents", [])):
        return _DROP  # a captioned frame whose photo is gone goes with it
    return out


@blueprint.get("/media/<int:photo_id>/<sig>")
def serve(photo_id: int, sig: str):
    """Serve a photo to whoever holds its signed link."""
    runtime = current_app.extensions["chaeng"]
    if not hmac.compare_digest(sig, signature(runtime.settings, photo_id)):
        abort(404)
    with runtime.db.uow() as uow:
        photo = uow.session.get(Photo, photo_id)
        if photo is None:
            abort(404)
        stored, content_type, digest = photo.path, photo.content_type, photo.sha256
    try:
        stream = runtime.media.open(stored)
    except FileNotFoundError:
        abort(404)  # the row outlived its file or object: gone, not broken
    except MediaUnavailable:
        abort(503)  # the store is away for now; LINE and browsers try again
    # The content hash is the ETag, so a browser's revalidation costs no download from the store.
    response = send_file(stream, mimetype=content_type, max_age=86400, etag=digest)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
