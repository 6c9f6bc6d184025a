"""Signed photo links that expire, and the route that serves them while the photo is public.

A link is /media/<photo id>/<token>: the token is the expiry (8 hex digits of a Unix time) and an
HMAC of the photo id with it. Cards and pages get fresh links each time they are built (LINE cards
when they are sent). Whether a photo may be served is asked of the public view at every request,
so a link answers 404 as soon as a moderator hides the photo or its case.

Cards that only the case's reporter or its officers receive carry *audience* links (a token that
starts with "p", signed apart): they still answer when the case is hidden, since those people may
see it, but not once the photo itself is hidden. Staff see every photo through the dashboard's own
route (bot/web/admin/cases.py), behind its sign-in."""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, send_file

from bot import public_view
from bot.config import Settings
from bot.line.messages import PHOTO_FRAME, PHOTO_REF
from storage.media import MediaUnavailable
from storage.models import Photo, utcnow

blueprint = Blueprint("photos", __name__)
DAY = 86400
MAX_CACHE_SECONDS = DAY  # a browser keeps a photo no longer than this, nor than its link lives


AUDIENCE = "p"  # the first letter of an audience link's token


def signature(settings: Settings, photo_id: int, expires: int, audience: bool = False) -> str:
    """The HMAC that makes a photo link unguessable and its expiry (and kind) unchangeable."""
    kind = ":audience" if audience else ""
    return hmac.new(settings.secret_key.encode(), f"photo:{photo_id}:{expires}{kind}".encode(),
                    hashlib.sha256).hexdigest()[:32]


def token(settings: Settings, photo_id: int, now: datetime | None = None,
          audience: bool = False) -> str:
    """A link's token: its expiry and signature. The expiry is rounded up to a whole day, so a
    page built twice in one day links the same URL and browsers reuse what they hold."""
    moment = int((now or utcnow()).timestamp()) + settings.photo_link_days * DAY
    expires = -(-moment // DAY) * DAY
    prefix = AUDIENCE if audience else ""
    return f"{prefix}{expires:08x}{signature(settings, photo_id, expires, audience)}"


def photo_path(settings: Settings, photo_id: int, audience: bool = False) -> str:
    """A fresh link to a photo, as a path on this site (for pages)."""
    return f"/media/{photo_id}/{token(settings, photo_id, audience=audience)}"


def photo_url(settings: Settings, photo_id: int, audience: bool = False) -> str | None:
    """A fresh link LINE can show, or None when no usable public address is configured."""
    base = settings.public_base_url.rstrip("/")
    # LINE only shows https images; the simulator shows whatever it is given.
    if not base or (not settings.simulator and not base.startswith("https://")):
        return None
    return base + photo_path(settings, photo_id, audience)


def expiry(settings: Settings, photo_id: int, link_token: str) -> int | None:
    """When a link made here expires (a Unix time), or None when the token is not one of ours."""
    audience = link_token.startswith(AUDIENCE)
    stamp, sig = link_token[audience:audience + 8], link_token[audience + 8:]
    try:
        expires = int(stamp, 16)
    except ValueError:
        return None
    if len(stamp) != 8 or not hmac.compare_digest(sig, signature(settings, photo_id, expires,
                                                                 audience)):
        return None
    return expires


def resolve(outgoing: list[dict], settings: Settings) -> list[dict]:
    """Swap photo references in messages for fresh signed links, dropping images that have none."""
    return [_resolve(message, settings) for message in outgoing]


_DROP = object()  # stands for a node left out because its photo has no link


def _resolve(node: Any, settings: Settings) -> Any:
    """Rebuild a JSON node with references resolved; a photo (or its frame) with no link is left out."""
    if isinstance(node, list):
        return [item for item in (_resolve(i, settings) for i in node) if item is not _DROP]
    if not isinstance(node, dict):
        return node
    if str(node.get("url", "")).startswith(PHOTO_REF):
        ref = node["url"][len(PHOTO_REF):]
        audience = ref.startswith(AUDIENCE)
        url = photo_url(settings, int(ref[audience:]), audience)
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


@blueprint.get("/media/<int:photo_id>/<link_token>")
def serve(photo_id: int, link_token: str):
    """Serve a public photo to whoever holds a link to it that has not expired."""
    runtime = current_app.extensions["chaeng"]
    expires = expiry(runtime.settings, photo_id, link_token)
    left = (expires or 0) - int(utcnow().timestamp())
    if expires is None or left <= 0:
        abort(404)
    with runtime.db.uow() as uow:
        if link_token.startswith(AUDIENCE):  # the reporter's or officers' card: the case may be hidden
            photo = uow.session.get(Photo, photo_id)
            photo = photo if photo is not None and not photo.hidden else None
        else:
            photo = public_view.servable_photo(uow.session, photo_id)
        if photo is None:
            abort(404)  # hidden (or, for a public link, its case is): gone for everyone but staff
        response = send_stored(runtime, photo)
    # Private: a shared cache must not keep serving a photo a moderator hides.
    response.headers["Cache-Control"] = f"private, max-age={min(left, MAX_CACHE_SECONDS)}"
    return response


def send_stored(runtime, photo: Photo):
    """The stored file of a photo as a response (404 when the file is gone, 503 when the store is
    away); its content hash is the ETag, so a revalidation costs no download from the store."""
    try:
        stream = runtime.media.open(photo.path)
    except FileNotFoundError:
        abort(404)  # the row outlived its file or object: gone, not broken
    except MediaUnavailable:
        abort(503)  # the store is away for now; LINE and browsers try again
    response = send_file(stream, mimetype=photo.content_type, etag=photo.sha256)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
