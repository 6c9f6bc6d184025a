"""Writing a report: text, photos and the location in any order, then ask for whatever is missing."""
from __future__ import annotations

import nlp
from bot import limits, services
from bot.line import categories, followup
from bot.line import messages as m
from bot.line.chat import CHOOSING, CONFIRMING, DRAFTING, IDLE, Chat
from bot.line.intent import without_lead_in
from bot.line.stale import stale_tap
from bot.texts import t


def add_text(chat: Chat) -> str:
    """Adds the text to the report (as much as the limit allows) and asks for what is missing."""
    text = without_lead_in(chat.turn.text.strip())
    if not text:  # only "one more thing": ask for the problem itself
        return advance(chat)
    kept = limits.fit_text(chat.draft, chat.runtime.settings, text)
    if not kept:
        chat.say(m.text(t("draft_full", chat.lang, **limits.draft_limits(chat.runtime.settings))))
        return chat.convo.state
    if len(kept) < len(text):
        chat.say(m.text(t("text_cut", chat.lang, kept=len(kept),
                          chars=chat.runtime.settings.draft_max_chars)))
    chat.draft.setdefault("texts", []).append(kept)
    followup.keep_place_words(chat.draft, kept)
    chat.draft.pop("categories", None)  # more words may change the category
    chat.draft.pop("chosen", None)
    return advance(chat)


def add_photo(chat: Chat) -> str:
    """Adds the stored photo to the report, then asks for what is missing; the photos of a set
    (sent together: separate events sharing imageSet.id) get one answer, after the last of them,
    whatever became of each."""
    turn, settings = chat.turn, chat.runtime.settings
    last_of_set = not turn.image_set or _image_set_complete(chat, *turn.image_set)
    stored = False
    if turn.image is None:
        chat.say(m.text(t(turn.image_problem or "photo_lost", chat.lang,
                          mb=settings.max_photo_bytes // (1024 * 1024))))
    elif not limits.room_for_photo(chat.draft, settings):
        if _first_word_of_set(chat, "photo_limit"):
            chat.say(m.text(t("photo_limit", chat.lang, photos=settings.draft_max_photos)))
    else:
        photo = services.add_photo(chat.uow, chat.user.id, turn.image, line_message_id=turn.message_id)
        chat.draft.setdefault("photo_ids", []).append(photo.id)
        stored = True
    if not last_of_set:
        return DRAFTING if chat.convo.state == IDLE and stored else chat.convo.state
    if stored or (turn.image_set and chat.draft.get("photo_ids")):
        return advance(chat, lead=t("photo_received", chat.lang, count=len(chat.draft["photo_ids"])))
    return chat.convo.state


def add_location(chat: Chat) -> str:
    """Stores the location and the district it falls in."""
    turn = chat.turn
    place = nlp.locate(turn.latitude, turn.longitude, turn.address)  # the address settles a point on a border
    chat.draft.update(latitude=turn.latitude, longitude=turn.longitude, address=turn.address,
                      district=place.district if place else None,
                      subdistrict=place.subdistrict if place else None, located=True)
    if place is None:
        where = turn.address or f"{turn.latitude:.5f}, {turn.longitude:.5f}"
        chat.say(m.text(t("outside_area", chat.lang, where=where)))
    return advance(chat)


def start_report(chat: Chat) -> str:
    """The 'report a problem' button: asks for what the report still needs."""
    if chat.draft.get("texts") or chat.draft.get("photo_ids"):
        return advance(chat, lead=t("still_drafting", chat.lang))
    return advance(chat)


def report_anyway(chat: Chat) -> str:
    """Goes on with the report after the citizen saw similar cases nearby."""
    if stale_tap(chat):
        return chat.convo.state
    return advance(chat)


def advance(chat: Chat, lead: str = "") -> str:
    """Asks for the next missing piece, or shows the summary when the report is complete."""
    draft, lang = chat.draft, chat.lang
    lead = f"{lead} " if lead else ""
    if not draft.get("texts"):
        chat.prompt(m.text(lead + t("ask_description", lang), quick=m.camera_chips(lang)))
        return DRAFTING
    if not draft.get("located"):
        chat.prompt(m.text(lead + t("ask_location", lang),
                           quick=[m.location_chip(lang), *m.camera_chips(lang)]))
        return DRAFTING
    if "categories" not in draft:
        predictions = nlp.classify(" ".join(draft["texts"]))
        if not nlp.is_confident(predictions):
            chat.prompt(categories.top_chips(" ".join(draft["texts"]), lang, chat.draft_id()))
            return CHOOSING
        draft["categories"] = nlp.predicted_labels(predictions)
    if followup.offer_nearby(chat):
        return CONFIRMING
    chat.draft_id()
    chat.prompt(m.summary(draft, lang))
    return CONFIRMING


def _image_set_complete(chat: Chat, set_id: str, _index: int, total: int) -> bool:
    """Counts the photos of a multi-photo send, stored or not; true once all have arrived."""
    seen = chat.draft.setdefault("image_sets", {})
    seen[set_id] = seen.get(set_id, 0) + 1
    return seen[set_id] >= total


def _first_word_of_set(chat: Chat, key: str) -> bool:
    """Whether this sentence is not yet said for the photo's set (always, for a photo alone)."""
    if not chat.turn.image_set:
        return True
    told = chat.draft.setdefault("told", [])
    mark = f"{key}:{chat.turn.image_set[0]}"
    if mark in told:
        return False
    told.append(mark)
    return True
