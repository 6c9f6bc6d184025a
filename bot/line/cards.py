"""Cards for officers (data in, LINE JSON out; no sending).

The citizen's own status card lives in bot/line/status.py, the nearby-case offer in nearby.py."""
from __future__ import annotations

from datetime import datetime

from bot import cases as lifecycle
from bot.line import messages as m
from bot.texts import t

OFFICER_BUTTONS = ("accept", "update", "forward", "finish", "reject")
MAX_CHOICES = m.MAX_QUICK_REPLIES - 1  # agencies offered at once; the last chip cancels


def officer_data(command: str, ticket: str, **values) -> str:
    """Postback data of an officer button."""
    return m.postback_data("off", c=command, t=ticket, **values)


def waited(since: datetime, now: datetime, lang: str) -> str:
    """How long a case has waited, as '3 d 4 h' / '3 วัน 4 ชม.'."""
    minutes = max(0, int((now - since).total_seconds() // 60))
    days, hours, mins = minutes // 1440, minutes // 60 % 24, minutes % 60
    units = ("วัน", "ชม.", "นาที") if lang != "en" else ("d", "h", "min")
    parts = [f"{n} {u}" for n, u in zip((days, hours, mins), units) if n]
    return " ".join(parts[:2]) or f"0 {units[2]}"


def officer_bubble(case, agency_name: str, lang: str, now: datetime) -> dict:
    """A case as an officer sees it: photo, place, category, time waiting, action buttons."""
    bubble = m.case_bubble(case, lang, note=_last_note(case))
    bubble["body"]["contents"][2:2] = [m._row(t("agency", lang), agency_name),
                                       m._row(t("waiting_for", lang), waited(case.created_at, now, lang))]
    buttons = [m._button(t(f"btn_{name}", lang), officer_data(name, case.ticket_id),
                         primary=name == "accept")
               for name in OFFICER_BUTTONS if _allowed(case.state, name)]
    if buttons:
        bubble["footer"] = m._box(buttons)
    return bubble


def officer_card(case, agency_name: str, lang: str, now: datetime) -> dict:
    """One case for officers as a Flex message."""
    alt = f"{case.ticket_id}: {lifecycle.state_label(case.state, lang)}"
    return m._flex(alt, officer_bubble(case, agency_name, lang, now))


def queue_carousel(cases: list, names: dict[int, str], lang: str, now: datetime) -> tuple[dict, int]:
    """An agency's queue as a carousel of officer cards, and how many of the cases it could hold
    within LINE's size limits (the next page starts after them)."""
    bubbles = m.fit_bubbles([officer_bubble(c, names.get(c.agency_id, ""), lang, now)
                             for c in cases[:m.MAX_BUBBLES]])
    shown = cases[:len(bubbles)]
    return m._flex(", ".join(c.ticket_id for c in shown),
                   {"type": "carousel", "contents": bubbles}), len(shown)


def agency_chooser(ticket: str, agencies: list, lang: str, lead: str, unlisted: int = 0) -> list[dict]:
    """The agencies a case may go to: a card with their full names, tappable, and the same as
    quick replies with short labels that tell similar names apart, then `lead` (what to do);
    the card counts the ones it could not list, and `unlisted` others, as found by typing."""
    shown = agencies[:MAX_CHOICES]
    unlisted += len(agencies) - len(shown)
    names = [a.name(lang) for a in shown]
    choices = [(label, name, officer_data("forward", ticket, to=a.code))
               for a, name, label in zip(shown, names, m.distinct_labels(names))]
    rows = [{"type": "box", "layout": "horizontal", "paddingAll": "6px",
             "action": {"type": "postback", "label": label, "data": data, "displayText": name},
             "contents": [{"type": "text", "text": name, "size": "sm", "wrap": True,
                           "color": m.BRAND}]} for label, name, data in choices]
    if unlisted:
        rows.append({"type": "text", "size": "xs", "color": "#888888", "wrap": True,
                     "text": t("agency_more", lang, n=unlisted)})
    title = t("agency_choices_title", lang, ticket=ticket)
    card = m._flex(title, {"type": "bubble", "body": m._box([{**m._title(title), "wrap": True}, *rows])})
    chips = [{"type": "action", "action": {"type": "postback", "label": label, "data": data,
                                           "displayText": name}} for label, name, data in choices]
    chips.append({"type": "action", "action": {"type": "message", "label": t("cancel", lang),
                                               "text": t("cancel", lang)}})
    return [card, m.text(lead, quick=chips)]


def _allowed(state: str, action: str) -> bool:
    """Whether the lifecycle allows an action now (so a card shows only live buttons)."""
    return (state, action) in lifecycle.TRANSITIONS


def _last_note(case) -> str | None:
    """The latest note on a case, for its card."""
    notes = [event.note for event in case.events if event.note]
    return notes[-1] if notes else None
