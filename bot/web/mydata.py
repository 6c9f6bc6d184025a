"""A citizen's copy of their data (PDPA s.30-31): the sealed 24-hour link the chat sends, and the
route that serves the JSON file behind it.

The token is the LINE id and an expiry, encrypted and authenticated (AES-GCM) with a key derived
from SECRET_KEY: nobody can forge, alter or extend one, and the LINE id never appears in a URL
(or in the logs of anything the link passes through). Expiry is checked against the app's clock.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import Blueprint, Response, current_app

from bot import photos, services
from bot.config import Settings
from storage.models import utcnow

blueprint = Blueprint("mydata", __name__)
LINK_HOURS = 24
_PURPOSE = b"chaeng:my-data-link"
NO_STORE = {"Cache-Control": "private, no-store, max-age=0", "Pragma": "no-cache",
            "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
            "X-Robots-Tag": "noindex"}


class LinkRefused(ValueError):
    """The token is not one of ours (altered, forged, made with another key)."""


class LinkExpired(ValueError):
    """The token was ours but its 24 hours are over."""


def _key(settings: Settings) -> bytes:
    """The link key, derived from SECRET_KEY so it is used for nothing else."""
    return hmac.new(settings.secret_key.encode(), _PURPOSE, hashlib.sha256).digest()


def seal(settings: Settings, user_id: str, expires: datetime) -> str:
    """A URL-safe token carrying the LINE id and the expiry, encrypted and signed."""
    nonce = os.urandom(12)
    plain = json.dumps({"u": user_id, "e": int(expires.timestamp())}).encode()
    sealed = AESGCM(_key(settings)).encrypt(nonce, plain, _PURPOSE)
    return base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode()


def unseal(settings: Settings, token: str, now: datetime) -> str:
    """The LINE id a token was made for; LinkRefused or LinkExpired when it may not be used."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        fields = json.loads(AESGCM(_key(settings)).decrypt(raw[:12], raw[12:], _PURPOSE))
        user_id, expires = str(fields["u"]), int(fields["e"])
    except (InvalidTag, ValueError, KeyError, TypeError, binascii.Error):
        raise LinkRefused("not a link of ours") from None
    if now.timestamp() >= expires:
        raise LinkExpired("the link's 24 hours are over")
    return user_id


def copy_link(settings: Settings, user_id: str) -> tuple[str, datetime] | None:
    """A link to the user's copy and when it stops working; None without a public address."""
    base = settings.public_base_url.rstrip("/")
    if not base:
        return None
    expires = utcnow() + timedelta(hours=LINK_HOURS)
    return f"{base}/my-data/{seal(settings, user_id, expires)}", expires


@blueprint.get("/my-data/<token>")
def download(token: str):
    """Serve the copy to whoever holds the link, while it lasts; nothing else about anyone."""
    runtime = current_app.extensions["chaeng"]
    settings = runtime.settings
    try:
        user_id = unseal(settings, token[:512], utcnow())
    except LinkExpired:
        return _refusal(410, "This link has expired (links last 24 hours). Type \"my data\" in the "
                             "chat for a new one.\nลิงก์นี้หมดอายุแล้ว (ใช้ได้ 24 ชั่วโมง) พิมพ์ "
                             "\"ข้อมูลของฉัน\" ในแชตเพื่อขอลิงก์ใหม่")
    except LinkRefused:
        return _refusal(404, "No such link.\nไม่พบลิงก์นี้")
    with runtime.db.uow() as uow:
        data = services.copy_of_data(uow, user_id, lambda photo_id: photos.photo_url(settings, photo_id),
                                     settings.retention_days)
    if data is None:  # erased since the link was made: nothing is kept
        return _refusal(404, "Nothing is kept about this account any more.\nไม่มีข้อมูลของบัญชีนี้แล้ว")
    body = json.dumps(data, ensure_ascii=False, indent=2)
    name = f"chaeng-my-data-{utcnow():%Y%m%d}.json"
    return Response(body, mimetype="application/json", headers={
        **NO_STORE, "Content-Disposition": f'attachment; filename="{name}"'})


def _refusal(status: int, words: str) -> Response:
    """A plain-text refusal in Thai and English, never cached."""
    return Response(words + "\n", status=status, mimetype="text/plain", headers=NO_STORE)
