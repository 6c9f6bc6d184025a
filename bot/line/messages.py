"""Build LINE message objects (plain dicts in LINE's JSON) from data; sending is elsewhere."""
from __future__ import annotations

from datetime import timedelta, timezone
from typing import Iterable
from urllib.parse import urlencode

import nlp
from bot import cases as lifecycle
from bot.texts import t

MAX_TEXT = 5000
MAX_ALT_TEXT = 1500
MAX_LABEL = 20
MAX_QUICK_REPLIES = 13
MAX_BUBBLES = 12
BRAND = "#06C755"
BANGKOK = timezone(timedelta(hours=7), "ICT")  # Thailand keeps no daylight saving time

PHOTO_REF = "chaeng-photo:"
PHOTO_FRAME = "chaengPhotoFrame"  # marks a box that only makes sense with its photo; never sent


def text(body: str, quick: list[dict] | None = None) -> dict:
    """A text message, cut to LINE's limit, with optional quick-reply items."""
    message = {"type": "text", "text": _clip(body, MAX_TEXT)}
    if quick:
        message["quickReply"] = {"items": quick[:MAX_QUICK_REPLIES]}
    return message


def postback_data(action: str, **values) -> str:
    """Encode a postback's data as a short query string."""
    return urlencode({"a": action, **values})


def chip(label: str, action: str, **values) -> dict:
    """A quick-reply postback button that also shows what the user chose."""
    label = _clip(label, MAX_LABEL)
    return {"type": "action", "action": {"type": "postback", "label": label,
                                         "data": postback_data(action, **values), "displayText": label}}


def location_chip(lang: str) -> dict:
    """The quick reply that opens LINE's location picker."""
    return {"type": "action", "action": {"type": "location", "label": t("send_location", lang)}}


def camera_chips(lang: str) -> list[dict]:
    """Quick replies that open the camera and the camera roll."""
    return [{"type": "action", "action": {"type": "camera", "label": t("camera", lang)}},
            {"type": "action", "action": {"type": "cameraRoll", "label": t("camera_roll", lang)}}]


def category_name(labels: Iterable[str], lang: str) -> str:
    """Categories as the user reads them."""
    names = [nlp.label_name(label, lang) for label in labels]
    return ", ".join(names) if names else t("unknown_category", lang)


def place_name(district: str | None, subdistrict: str | None, address: str | None, lang: str,
               words: str | None = None) -> str:
    """Where a problem is: แขวง… เขต… (or the English names), then the citizen's or LINE's words."""
    named = nlp.describe_place(district, subdistrict, lang)
    return "\n".join(part for part in (named, words or address) if part) or t("unknown_place", lang)


def summary(draft: dict, lang: str) -> dict:
    """The card that asks the citizen to confirm a report before it becomes a case."""
    rows = [(t("category", lang), category_name(draft.get("categories", []), lang)),
            (t("place", lang), place_name(draft.get("district"), draft.get("subdistrict"),
                                          draft.get("address"), lang, draft.get("place_words"))),
            (t("details", lang), " ".join(draft.get("texts", []))),
            (t("photos", lang), str(len(draft.get("photo_ids", []))))]
    body = _box([_title(t("summary_title", lang)), *[_row(k, v) for k, v in rows]])
    mine = {"d": draft["id"]} if draft.get("id") else {}  # so an old card's taps are recognised
    footer = _box([_button(t("confirm", lang), postback_data("confirm", **mine), primary=True),
                   _button(t("change_category", lang), postback_data("categories", **mine)),
                   _button(t("cancel", lang), postback_data("cancel", **mine))])
    return _flex(t("summary_title", lang) + ": " + rows[0][1],
                 {"type": "bubble", "body": body, "footer": footer})


def photo_ref(photo) -> str | None:
    """A stand-in for a photo's URL; the sender swaps it for a signed link (or drops the image)."""
    return f"{PHOTO_REF}{photo.id}" if photo is not None else None


def case_bubble(case, lang: str, note: str | None = None, photo=None) -> dict:
    """A Flex bubble showing one case as staff see it (raw text): ticket id, state colour,
    category, place, time, photo. Citizens other than the reporter get public cards instead."""
    state = lifecycle.state_label(case.state, lang)
    rows = [_row(t("category", lang), category_name(case.categories, lang)),
            _row(t("place", lang), place_name(case.district, case.subdistrict, case.address, lang,
                                              case.place_words)),
            _row(t("reported", lang), case.created_at.astimezone(BANGKOK).strftime("%Y-%m-%d %H:%M")),
            _row(t("details", lang), case.description)]
    if note:
        rows.append(_row(t("note", lang), note))
    header = _box([_title(case.ticket_id, "#FFFFFF"),
                   {"type": "text", "text": state, "color": "#FFFFFF", "size": "sm"}],
                  background=lifecycle.STATE_COLOURS[case.state])
    bubble = {"type": "bubble", "header": header, "body": _box(rows)}
    shown = [p for p in case.photos if not p.hidden]  # a hidden photo's link would not load anyway
    url = photo_ref(photo if photo is not None else (shown[0] if shown else None))
    if url:
        bubble["hero"] = {"type": "image", "url": url, "size": "full", "aspectMode": "cover",
                          "aspectRatio": "20:13"}
    return bubble


def _flex(alt_text: str, contents: dict) -> dict:
    """Wrap a bubble or carousel in a Flex message."""
    return {"type": "flex", "altText": _clip(alt_text, MAX_ALT_TEXT), "contents": contents}


def _box(contents: list[dict], background: str | None = None) -> dict:
    """A vertical box."""
    box = {"type": "box", "layout": "vertical", "spacing": "sm", "contents": contents}
    if background:
        box["backgroundColor"] = background
    return box


def _title(value: str, colour: str = "#111111") -> dict:
    """A bold line of text."""
    return {"type": "text", "text": value, "weight": "bold", "size": "lg", "color": colour}


def _row(label: str, value: str) -> dict:
    """A 'label: value' line."""
    return {"type": "box", "layout": "baseline", "spacing": "sm", "contents": [
        {"type": "text", "text": label, "size": "sm", "color": "#888888", "flex": 2},
        {"type": "text", "text": _clip(value or "-", 300), "size": "sm", "wrap": True, "flex": 5}]}


def _button(label: str, data: str, primary: bool = False) -> dict:
    """A postback button that echoes its label as the user's message."""
    return {"type": "button", "style": "primary" if primary else "secondary", "height": "sm",
            "color": BRAND if primary else "#EEEEEE",
            "action": {"type": "postback", "label": _clip(label, MAX_LABEL), "data": data,
                       "displayText": label}}


def _clip(value: str, limit: int) -> str:
    """Cut text to `limit` UTF-16 code units, as LINE counts them."""
    if len(value.encode("utf-16-le")) // 2 <= limit:
        return value
    out, used = [], 0
    for ch in value:
        used += len(ch.encode("utf-16-le")) // 2
        if used > limit - 1:
            break
        out.append(ch)
    return "".join(out) + "…"


def duration(days: float, lang: str) -> str:
    """A span of days as people say it: '5 hours' under a day, else whole days ('1 day', '3 days')."""
    if days < 1:
        hours = max(1, round(days * 24))
        return t("unit_hour" if hours == 1 else "unit_hours", lang, n=hours)
    whole = round(days)
    return t("unit_day" if whole == 1 else "unit_days", lang, n=whole)
