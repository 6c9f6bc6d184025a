"""What every public page's template may use: the reader's language and its words, state names and
colours, the map's tiles and the way into the LINE chat."""
from __future__ import annotations

import re

from flask import current_app, request

from bot import cases as lifecycle
from bot.web.public import present
from bot.web.public.invite import invitation
from bot.web.public.texts import word

THAI = re.compile("[\u0e00-\u0e7f]")


def lang() -> str:
    """The reader's language: ?lang=en, else Thai."""
    return "en" if request.args.get("lang") == "en" else "th"


def district_name(name: str | None, reader: str) -> str | None:
    """A district as the reader reads it (its English name in English, when known)."""
    from nlp.placenames import district_en

    return (district_en(name) if reader == "en" else None) or name


def helpers() -> dict:
    """Words, language, lifecycle names, map tiles and the LINE invitation for a template."""
    reader, settings = lang(), current_app.extensions["chaeng"].settings
    return {"lang": reader, "w": lambda key, **v: word(key, reader, **v), "local": present.local,
            "state_label": lambda s: lifecycle.state_label(s, reader),
            "place": lambda name: district_name(name, reader),
            "keep_lang": "en" if reader == "en" else None,  # for url_for(..., lang=keep_lang)
            "colours": lifecycle.STATE_COLOURS, "states": lifecycle.STATES,
            "thai": lambda text: bool(THAI.search(str(text or ""))),
            "tile_url": settings.map_tile_url,
            "line": invitation(settings, word("qr_title", reader))}
