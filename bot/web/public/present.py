"""What a public page shows of a case, rendered from its public view (bot/public_view.py):
redacted text, timeline, shown photos, time taken. No reporter."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot import cases as lifecycle
from bot import public_view
from bot.photos import photo_path

BANGKOK = timezone(timedelta(hours=7))
# What happened, in words that never contradict the state they lead to: a new case was reported
# ("แจ้งเรื่อง"), not received ("รับเรื่อง"), which is what accepting it means.
ACTIONS = {"create": ("แจ้งเรื่อง", "Reported"), "accept": ("รับเรื่องแล้ว", "Accepted"),
           "update": ("แจ้งความคืบหน้า", "Progress update"), "forward": ("ส่งต่อ", "Forwarded"),
           "finish": ("เสร็จสิ้น", "Finished"), "reject": ("ไม่เกี่ยวข้อง", "Not relevant"),
           "duplicate": ("เรื่องซ้ำ", "Marked duplicate"), "reopen": ("เปิดเรื่องใหม่", "Reopened"),
           "rate": ("ให้คะแนน", "Rated"),
           "invite": ("เชิญหน่วยงานร่วมดำเนินการ", "Another agency invited"),
           "add_information": ("ผู้แจ้งเพิ่มข้อมูล", "Reporter added information"),
           "reroute": ("เปลี่ยนหน่วยงาน", "Agency changed"),
           "recategorize": ("เปลี่ยนประเภท", "Category changed")}


def _district_name(case, lang: str) -> str | None:
    """The district as the reader reads it (its English name in English)."""
    from nlp.placenames import district_en

    return (district_en(case.district) if lang == "en" else None) or case.district


def _subdistrict_name(case, lang: str) -> str | None:
    """The subdistrict as the reader reads it (its English name in English)."""
    from nlp.placenames import subdistrict_en

    english = subdistrict_en(case.district, case.subdistrict) if lang == "en" else None
    return english or case.subdistrict


def local(moment: datetime | None) -> str:
    """A time as Bangkok reads it."""
    return moment.astimezone(BANGKOK).strftime("%Y-%m-%d %H:%M") if moment else ""


def category_names(case, lang: str) -> list[str]:
    """The case's category names in lang."""
    from nlp.labels import label_name

    out = []
    for label in case.categories or []:
        try:
            out.append(label_name(label, lang))
        except KeyError:
            out.append(label)
    return out


def timeline(case: public_view.PublicCase, lang: str) -> list[dict]:
    """The case's history, one step per thing that happened: what and when, the state it led to
    only when the words do not already say it, notes redacted, who did it left out."""
    pick = 1 if lang == "en" else 0
    if case.events:
        return [{"when": local(e.created_at), "what": _said(e.action, pick),
                 "state": _new_state(e, _said(e.action, pick), lang), "note": e.note}
                for e in case.events]
    # Imported cases carry no events, only the times at which they reached each state: the first
    # is the report, each later one says the state it reached.
    steps = sorted((datetime.fromisoformat(t), s) for s, t in (case.state_times or {}).items())
    return [{"when": local(t), "what": _said("create", pick) if n == 0 else
             lifecycle.state_label(s, lang), "state": "", "note": ""}
            for n, (t, s) in enumerate(steps)]


def _said(action: str, pick: int) -> str:
    """An event's action in words (an action without words is named as stored, not dropped)."""
    return ACTIONS.get(action, (action, action))[pick]


def _new_state(event: public_view.PublicEvent, said: str, lang: str) -> str:
    """The state an event led to, when it changed and its words differ from the action's."""
    if event.action == "create" or event.from_state == event.to_state:
        return ""
    label = lifecycle.state_label(event.to_state, lang)
    return "" if label == said else label


def photos(case: public_view.PublicCase, settings) -> dict[str, list[str]]:
    """Fresh signed links to the shown photos, split into before and after."""
    out = {"before": [], "after": []}
    for photo in case.photos:
        out["after" if photo.kind == "after" else "before"].append(photo_path(settings, photo.id))
    return out


def time_taken(case) -> float | None:
    """Days from report to finish, when finished at a known time."""
    finished = (case.state_times or {}).get(lifecycle.FINISHED)
    if case.state != lifecycle.FINISHED or not finished:
        return None
    return (datetime.fromisoformat(finished) - case.created_at).total_seconds() / 86400


def thumbnail(case: public_view.PublicCase, settings) -> str | None:
    """A fresh link to the photo that stands for the case in lists, when it has one."""
    photo = public_view.first_photo(case.photos)
    return photo_path(settings, photo.id) if photo else None


def case_view(case, lang: str, settings) -> dict:
    """Everything the case page shows, from the case's public view."""
    case = public_view.of(case)
    return {"ticket_id": case.ticket_id, "categories": category_names(case, lang),
            "description": case.description, "address": case.street,
            "district": case.district, "subdistrict": case.subdistrict,
            "district_name": _district_name(case, lang), "subdistrict_name": _subdistrict_name(case, lang),
            "place_words": case.place_words, "place_lines": case.place_lines(),
            "state": case.state, "state_label": lifecycle.state_label(case.state, lang),
            "colour": lifecycle.STATE_COLOURS[case.state], "reported": local(case.created_at),
            "timeline": timeline(case, lang), "photos": photos(case, settings),
            "thumb": thumbnail(case, settings),
            "agency": case.agency.name(lang) if case.agency else None, "days": time_taken(case),
            "stars": case.stars, "reopen_count": case.reopen_count,
            "latitude": case.latitude, "longitude": case.longitude}
