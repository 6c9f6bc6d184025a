"""Headers every page carries so a browser keeps it to itself: no framing by another site (a
click on "hide" or "block" cannot be hijacked), no guessing of content types, and no link
carrying a page's address (a CSRF or download token in it) to another site."""
from __future__ import annotations

from flask import Flask

HEADERS = {
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    """Add the headers to every response that has not set its own."""

    @app.after_request
    def _protect(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        return response
