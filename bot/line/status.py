"""The citizen's status card: one case as a small status page, with only the buttons this citizen
may use now (data in, LINE JSON out; no sending). The reporter reads their case as they sent it;
everyone else reads its public view (bot/public_view.py)."""
from __future__ import annotations

from datetime import datetime

from bot import cases as lifecycle
from bot import public_view
from bot.line import messages as m
from bot.line.cards import waited
from bot.texts import detect_language, t

REPORTER, FOLLOWER, STRANGER = "reporter", "follower", "stranger"
# The steps a citizen cares about, in the words of the timeline; other events stay off the card.
MILESTONES = ("create", "accept", "update", "forward", "finish", "reject", "reopen", "duplicate")
MAX_TIMELINE = 6  # the latest steps; the public page has the whole history
MAX_NOTE = 120


def seen_by(case, viewer: str):
    """The case as this citizen may read it: the reporter the case itself, anyone else its public
    view (public_view.Hidden when a moderator hid it)."""
    return case if viewer == REPORTER else public_view.of(case)


def place_text(case, lang: str, viewer: str = REPORTER) -> str:
    """Subdistrict and district in the reader's language, then the citizen's or LINE's words
    (for anyone but the reporter: the public words and the road and soi, never the house)."""
    case = seen_by(case, viewer)
    where = case.address if viewer == REPORTER else case.street
    return m.place_name(case.district, case.subdistrict, where, lang, case.place_words)


def status_bubble(case, lang: str, now: datetime, viewer: str = REPORTER, after=None) -> dict:
    """A case as a status page: state, category, place, office, age, timeline, photos, buttons.

    `after` is a fix's photo that the case's loaded photo list may not hold yet."""
    case = seen_by(case, viewer)
    if viewer != REPORTER and after is not None:
        after = public_view.PublicPhoto(after.id, after.kind) if not after.hidden else None
    before, known_after = _photos(case)
    after = after if after is not None and after.kind == "after" else known_after
    bubble = {"type": "bubble", "header": header(case, lang),
              "body": m._box(_body(case, lang, now, viewer, after))}
    if before is not None:
        bubble["hero"] = _image(before, t("before", lang), viewer == REPORTER)
    actions = buttons(case, viewer, lang, now)
    if actions:
        bubble["footer"] = m._box(actions)
    return bubble


def status_card(case, lang: str, now: datetime, viewer: str = REPORTER, after=None) -> dict:
    """One case's status page as a Flex message."""
    alt = f"{case.ticket_id}: {lifecycle.state_label(case.state, lang)} · {_category(case, lang)}"
    return m._flex(alt, status_bubble(case, lang, now, viewer, after))


def cases_carousel(cases: list, lang: str, now: datetime, offset: int, total: int) -> dict:
    """'My cases' from `offset` of `total`: a compact bubble per case, each tappable to open its
    status card, as many as LINE's size limits allow, and 'more' when some are left."""
    bubbles = m.fit_bubbles([_summary_bubble(case, lang, now) for case in cases[:m.MAX_BUBBLES]])
    shown = cases[:len(bubbles)]
    message = m._flex(", ".join(c.ticket_id for c in shown), {"type": "carousel", "contents": bubbles})
    if offset + len(shown) < total:
        message["quickReply"] = {"items": [m.chip(t("more", lang), "cases",
                                                  offset=offset + len(shown))]}
    return message


def buttons(case, viewer: str, lang: str, now: datetime) -> list[dict]:
    """The buttons for what this citizen may do with the case in its state now."""
    ticket, out = case.ticket_id, []
    if viewer == REPORTER:
        if case.state in lifecycle.OPEN:
            out.append(m._button(t("btn_add_info", lang), m.postback_data("addinfo", t=ticket), True))
        if case.state == lifecycle.FINISHED and case.stars is None:
            out.append(m._button(t("btn_rate", lang), m.postback_data("stars", t=ticket), True))
        if _may_reopen(case, now):
            out.append(m._button(t("btn_reopen", lang), m.postback_data("reopen", t=ticket)))
    elif viewer == FOLLOWER:
        out.append(m._button(t("unfollow", lang), m.postback_data("unfollow", t=ticket)))
    elif case.state in lifecycle.OPEN:
        out.append(m._button(t("follow", lang), m.postback_data("follow", t=ticket), True))
    if case.latitude is not None and case.longitude is not None:
        out.append(m._button(t("btn_map", lang), m.postback_data("map", t=ticket)))
    return out


def map_message(case, lang: str, viewer: str = STRANGER) -> dict:
    """The case's place as a LINE location message, which opens in the phone's map."""
    return {"type": "location", "title": m._clip(f"{case.ticket_id} · {_category(case, lang)}", 100),
            "address": m._clip(place_text(case, lang, viewer).replace("\n", " · "), 100),
            "latitude": case.latitude, "longitude": case.longitude}


def after_ticket_chips(lang: str) -> list[dict]:
    """Quick replies once a ticket is issued: start another report, or see my cases."""
    return [m.chip(t("btn_new_report", lang), "newreport"), m.chip(t("btn_my_cases", lang), "cases")]


def citizen_update(case, note: str | None, agency_name: str, lang: str, now: datetime, *,
                   photo=None, reporter: bool = True, by_office: bool = True) -> list[dict]:
    """A state change as the reporter or a follower sees it: never an officer's name or LINE id.
    The office's note is said to be theirs, and in which language when it is not the reader's
    (a follower reads it as the public does)."""
    state = lifecycle.state_label(case.state, lang)
    lead = t("status_update", lang, ticket=case.ticket_id, agency=agency_name, state=state)
    note = note if reporter else public_view.public_text(note)
    card = status_card(case, lang, now, REPORTER if reporter else FOLLOWER, after=photo)
    if note and by_office:
        note = t("office_note_other" if _other_language(note, lang) else "office_note", lang,
                 note=note)
    out = [m.text(lead + (f"\n{note}" if note else "")), card]
    if reporter and case.state == lifecycle.FINISHED and case.stars is None:
        out.append(m.text(t("ask_rating", lang), quick=rating_chips(case.ticket_id)))
    return out


def rating_chips(ticket: str) -> list[dict]:
    """Five quick replies, one to five stars."""
    return [m.chip("★" * stars, "rate", t=ticket, s=stars) for stars in range(1, 6)]


# --- parts ---------------------------------------------------------------------------------------

def header(case, lang: str) -> dict:
    """Ticket id and state on the state's colour."""
    return m._box([m._title(case.ticket_id, "#FFFFFF"),
                   {"type": "text", "text": lifecycle.state_label(case.state, lang), "color": "#FFFFFF",
                    "size": "sm", "weight": "bold"}],
                  background=lifecycle.STATE_COLOURS[case.state])


def _body(case, lang: str, now: datetime, viewer: str, after) -> list[dict]:
    """The rows, the timeline and the after-photo."""
    description = case.description
    reported = f"{_local(case.created_at)}\n({age(case.created_at, now, lang)})"
    rows = [m._row(t("category", lang), _category(case, lang)),
            m._row(t("place", lang), place_text(case, lang, viewer)),
            m._row(t("office", lang), case.agency.name(lang) if case.agency else "-"),
            m._row(t("reported", lang), reported), m._row(t("details", lang), description)]
    if viewer == REPORTER and case.stars:
        rows.append(m._row(t("your_stars", lang), "★" * case.stars))
    steps = _timeline(case, lang, viewer)
    if steps:
        rows += [{"type": "separator", "margin": "md"},
                 {"type": "text", "text": t("progress", lang), "weight": "bold", "size": "sm",
                  "margin": "md"}, *steps]
    if after is not None:
        rows += [{"type": "separator", "margin": "md"},
                 _image(after, t("after", lang), viewer == REPORTER)]
    return rows


def _timeline(case, lang: str, viewer: str) -> list[dict]:
    """The latest milestones, each with its date and note (a public view's notes are redacted)."""
    events = [e for e in case.events if e.action in MILESTONES][-MAX_TIMELINE:]
    out = []
    for event in events:
        note = event.note  # a public view's notes are redacted already
        verb = t(f"tl_{event.action}", lang)
        if note and _other_language(note, lang):
            verb += t("in_other_language", lang)
        line = verb + (f": {m._clip(note, MAX_NOTE)}" if note else "")
        out.append({"type": "box", "layout": "baseline", "spacing": "sm", "contents": [
            {"type": "text", "text": _local(event.created_at)[5:], "size": "xs", "color": "#888888",
             "flex": 3},
            {"type": "text", "text": line, "size": "xs", "wrap": True, "flex": 6}]})
    return out


def _summary_bubble(case, lang: str, now: datetime) -> dict:
    """A compact case bubble for 'my cases' whose whole body opens the status card."""
    body = m._box([m._row(t("category", lang), _category(case, lang)),
                   m._row(t("place", lang), place_text(case, lang)),
                   m._row(t("reported", lang), age(case.created_at, now, lang))])
    label = t("btn_status", lang)
    body["action"] = {"type": "postback", "label": label,
                      "data": m.postback_data("case", t=case.ticket_id), "displayText": case.ticket_id}
    bubble = {"type": "bubble", "size": "kilo", "header": header(case, lang), "body": body,
              "footer": m._box([m._button(label, m.postback_data("case", t=case.ticket_id))])}
    before = _photos(case)[0]
    if before is not None:
        bubble["hero"] = {"type": "image", "url": m.photo_ref(before, audience=True),
                          "size": "full", "aspectMode": "cover", "aspectRatio": "20:13"}
    return bubble


def _image(photo, caption: str, audience: bool) -> dict:
    """A photo with a small caption over its corner (an audience link on the reporter's card)."""
    return {"type": "box", "layout": "vertical", m.PHOTO_FRAME: True, "contents": [
        {"type": "image", "url": m.photo_ref(photo, audience), "size": "full", "aspectMode": "cover",
         "aspectRatio": "20:13"},
        {"type": "box", "layout": "vertical", "position": "absolute", "offsetTop": "8px",
         "offsetStart": "8px", "backgroundColor": "#000000AA", "cornerRadius": "4px",
         "paddingAll": "4px", "contents": [{"type": "text", "text": caption, "size": "xxs",
                                            "color": "#FFFFFF"}]}]}


def _photos(case) -> tuple:
    """The first visible photo from the report and the first of the fix (either may be None)."""
    shown = [p for p in case.photos if not p.hidden]
    before = next((p for p in shown if p.kind != "after"), None)
    after = next((p for p in shown if p.kind == "after"), None)
    return before, after


def _may_reopen(case, now: datetime) -> bool:
    """Whether the reporter can still reopen the closed case."""
    if (case.state, "reopen") not in lifecycle.TRANSITIONS:
        return False
    closed = (case.state_times or {}).get(case.state)
    return lifecycle.may_reopen(datetime.fromisoformat(closed) if closed else None, now)


def _category(case, lang: str) -> str:
    """The case's categories by name."""
    return m.category_name(case.categories, lang)


def _other_language(words: str, lang: str) -> bool:
    """Whether words are written in the other of Thai and English than the reader reads."""
    written = detect_language(words)
    return written is not None and written != lang


def _local(moment: datetime) -> str:
    """A time as Bangkok reads it."""
    return moment.astimezone(m.BANGKOK).strftime("%Y-%m-%d %H:%M")


def age(since: datetime, now: datetime, lang: str) -> str:
    """How long ago, in days and hours ('3 วัน 4 ชม.ที่แล้ว'), or 'just now' within a minute."""
    if (now - since).total_seconds() < 60:
        return t("just_now", lang)
    return t("ago", lang, time=waited(since, now, lang))
