"""The way from the board into the chat: the bot's add-friend link on every page, and its QR code
for people reading on a desk (on a phone the QR would have to be scanned by the same phone)."""
from __future__ import annotations

from functools import lru_cache

import segno
from markupsafe import Markup

SIMULATOR = "/simulator"  # make run's stand-in for LINE, on this machine only


def invitation(settings, title: str) -> dict | None:
    """The add-friend link, the LINE ID and the QR code (None without a configured LINE ID)."""
    url = settings.add_friend_url or (SIMULATOR if settings.simulator else "")
    if not url:
        return None
    # A QR code of a path would be useless off this site: only a whole link gets one.
    qr = qr_svg(url, title) if url.startswith("https://") else None
    return {"url": url, "id": settings.line_bot_basic_id, "qr": qr}


@lru_cache(maxsize=8)
def qr_svg(url: str, title: str) -> Markup:
    """The link as an inline SVG QR code, drawn once per link and language."""
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=4, border=2, dark="#1d2330", light="#ffffff", svgclass="qr",
                          title=title)
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))
