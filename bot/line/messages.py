"""Build LINE message objects (plain dicts in LINE's JSON) from data; sending is elsewhere."""
from __future__ import annotations

import copy
import functools
import json
from datetime import timedelta, timezone
from typing import Iterable
from urllib.parse import urlencode

from pythainlp.tokenize import word_tokenize

import nlp
from bot import cases as lifecycle
from bot.texts import t

MAX_TEXT = 5000
MAX_ALT_TEXT = 1500
MAX_LABEL = 20
MAX_QUICK_REPLIES = 13
MAX_BUBBLES = 12
# LINE refuses (400) a bubble over 30 KB and a carousel over 50 KB, measured as line-bot-sdk sends
# the JSON: Thai escaped as \uXXXX, six bytes a character. KB read as 1,000 bytes, the safe reading.
MAX_BUBBLE_BYTES = 30_000
MAX_CAROUSEL_BYTES = 50_000
PHOTO_LINK_BYTES = 300  # a photo reference is sent as a signed link: counted at this length
MIN_TRIMMED = 40  # a text is never cut shorter than this to make a message fit
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


@functools.lru_cache(maxsize=1024)
def words(text: str) -> tuple[str, ...]:
    """A text's words, spaces kept (Thai writes no spaces between words: PyThaiNLP finds them)."""
    return tuple(word_tokenize(text, keep_whitespace=True))


def distinct_labels(names: list[str], limit: int = MAX_LABEL) -> list[str]:
    """Labels of at most `limit` characters that tell the names apart. A Thai name too long keeps
    its longest ending that fits (Thai names run from the parent body to the part: the ending tells
    a family of offices apart); an English one drops the words it shares with the others at its
    start and end ("Department", "District Office"), then words from its middle. Labels still
    alike are numbered."""
    labels = [_short_label(name, names, limit) for name in names]
    alike = {label for label in labels if labels.count(label) > 1}
    seen: dict[str, int] = {}
    for index, label in enumerate(labels):
        if label in alike:
            seen[label] = seen.get(label, 0) + 1
            suffix = f" {seen[label]}"
            labels[index] = _clip(label, limit - len(suffix)) + suffix
    return labels


def _short_label(name: str, names: list[str], limit: int) -> str:
    """One name as a label of at most `limit` characters (see distinct_labels)."""
    name = " ".join(name.split())
    if _units(name) <= limit:
        return name
    chunks, joiner = _chunks(name)
    if any("\u0e00" <= ch <= "\u0e7f" for ch in name):
        endings = (joiner.join(chunks[start:]) for start in range(1, len(chunks)))
        return next((ending for ending in endings if _units(ending) <= limit), _clip(name, limit))
    others = [_chunks(" ".join(other.split()))[0] for other in names if other != name]
    lead = max((_shared(chunks, other) for other in others), default=0)
    trail = max((_shared(chunks[::-1], other[::-1]) for other in others), default=0)
    core = chunks[lead:len(chunks) - trail] or chunks
    labels = [joiner.join(core)] + [core[0] + "…" + joiner.join(core[len(core) - tail:])
                                    for tail in range(len(core) - 2, 0, -1)]
    return next((label for label in labels if _units(label) <= limit), _clip(labels[0], limit))


def _chunks(name: str) -> tuple[list[str], str]:
    """A name's parts and what joins them: its spaced parts, else (Thai) its words."""
    if " " in name:
        return name.split(" "), " "
    return list(words(name)), ""


def _shared(mine: list[str], other: list[str]) -> int:
    """How many leading parts two names share, never all of the first."""
    count = 0
    for a, b in zip(mine, other):
        if a != b:
            break
        count += 1
    return min(count, len(mine) - 1)


def _units(text: str) -> int:
    """Length in UTF-16 code units, as LINE counts it."""
    return len(text.encode("utf-16-le")) // 2


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
    """Where a problem is: แขวง… เขต… (or the English names), then the citizen's or LINE's words;
    LINE's address without its own subdistrict and district, so the place is named once."""
    named = nlp.describe_place(district, subdistrict, lang)
    if named and not words:
        address = nlp.street_address(address)
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


def photo_ref(photo, audience: bool = False) -> str | None:
    """A stand-in for a photo's URL; the sender swaps it for a signed link (or drops the image).
    An audience link (for cards only the reporter or officers get) still loads on a hidden case."""
    if photo is None:
        return None
    return f"{PHOTO_REF}{'p' if audience else ''}{photo.id}"


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
    url = photo_ref(photo if photo is not None else (shown[0] if shown else None), audience=True)
    if url:
        bubble["hero"] = {"type": "image", "url": url, "size": "full", "aspectMode": "cover",
                          "aspectRatio": "20:13"}
    return bubble


def _flex(alt_text: str, contents: dict) -> dict:
    """Wrap a bubble or carousel in a Flex message, within LINE's size limits."""
    if contents.get("type") == "carousel":
        contents = {**contents, "contents": fit_bubbles(contents["contents"])}
    else:
        contents = _trimmed(contents, lambda node: sent_size(node) <= MAX_BUBBLE_BYTES)
    return {"type": "flex", "altText": _clip(alt_text, MAX_ALT_TEXT), "contents": contents}


def sent_size(node) -> int:
    """Bytes of a message part as line-bot-sdk sends it (json.dumps, non-ASCII escaped), each photo
    reference counted as the signed link it becomes."""
    sent = json.dumps(node)
    return len(sent) + sent.count(PHOTO_REF) * (PHOTO_LINK_BYTES - len(PHOTO_REF))


def fit_bubbles(bubbles: list[dict]) -> list[dict]:
    """As many of the bubbles as a carousel may hold (at most twelve), each under LINE's bubble
    limit and together under its carousel limit: long texts are shortened first, then bubbles are
    left off the end. Callers that page count what came back."""
    bubbles = bubbles[:MAX_BUBBLES]
    for count in range(len(bubbles), 1, -1):
        carousel = _trimmed({"type": "carousel", "contents": bubbles[:count]}, _carousel_fits)
        if _carousel_fits(carousel):
            return carousel["contents"]
    return [_trimmed(bubble, lambda node: sent_size(node) <= MAX_BUBBLE_BYTES)
            for bubble in bubbles[:1]]


def _carousel_fits(carousel: dict) -> bool:
    """Whether a carousel and each of its bubbles are within LINE's limits."""
    return sent_size(carousel) <= MAX_CAROUSEL_BYTES and all(
        sent_size(bubble) <= MAX_BUBBLE_BYTES for bubble in carousel["contents"])


def _trimmed(node: dict, fits) -> dict:
    """The node, or a copy whose longest texts are cut shorter and shorter (never below
    MIN_TRIMMED) until fits(copy) holds; the shortest copy when it never does."""
    if fits(node):
        return node
    node = copy.deepcopy(node)
    texts = [part for part in _parts(node) if part.get("type") == "text"
             and isinstance(part.get("text"), str)]
    cap = max((len(part["text"]) for part in texts), default=0)
    while cap > MIN_TRIMMED:
        cap = max(MIN_TRIMMED, cap * 2 // 3)
        for part in texts:
            if len(part["text"]) > cap:
                part["text"] = _clip(part["text"], cap)
        if fits(node):
            break
    return node


def _parts(node):
    """Every dict inside a Flex node, the node included."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _parts(value)
    elif isinstance(node, list):
        for item in node:
            yield from _parts(item)


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
