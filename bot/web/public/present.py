"""What a public page shows of a case: redacted text, timeline, photos, time taken. No reporter."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from flask import url_for

from bot import cases as lifecycle
from bot.opendata import agency
from bot.opendata.public import public_text, visible_photos
from bot.photos import signature

BANGKOK = timezone(timedelta(hours=7))
ACTIONS = {"create": ("รับเรื่อง", "Reported"), "accept": ("รับดำเนินการ", "Accepted"),
           "update": ("อัปเดต", "Update"), "forward": ("ส่งต่อ", "Forwarded"),
           "finish": ("เสร็จสิ้น", "Finished"), "reject": ("ไม่เกี่ยวข้อง", "Not relevant"),
           "reopen": ("เปิดเรื่องใหม่", "Reopened"), "rate": ("ให้คะแนน", "Rated")}


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


def timeline(case, lang: str) -> list[dict]:
    """The case's history: what happened and when, notes redacted, who did it left out."""
    pick = 1 if lang == "en" else 0
    if case.events:
        return [{"when": local(e.created_at), "what": ACTIONS.get(e.action, (e.action,) * 2)[pick],
                 "state": lifecycle.state_label(e.to_state, lang), "note": public_text(e.note)}
                for e in case.events]
    # Imported cases carry no events, only the times at which they reached each state.
    steps = sorted((datetime.fromisoformat(t), s) for s, t in (case.state_times or {}).items())
    return [{"when": local(t), "what": "", "state": lifecycle.state_label(s, lang), "note": ""}
            for t, s in steps]


def photos(case, settings) -> dict[str, list[str]]:
    """Signed links to the non-hidden photos, split into before and after."""
    out = {"before": [], "after": []}
    for photo in visible_photos(case):
        link = url_for("photos.serve", photo_id=photo.id, sig=signature(settings, photo.id))
        out["after" if photo.kind == "after" else "before"].append(link)
    return out


def time_taken(case) -> float | None:
    """Days from report to finish, when finished at a known time."""
    finished = (case.state_times or {}).get(lifecycle.FINISHED)
    if case.state != lifecycle.FINISHED or not finished:
        return None
    return (datetime.fromisoformat(finished) - case.created_at).total_seconds() / 86400


def case_view(case, lang: str, settings) -> dict:
    """Everything the case page shows."""
    return {"ticket_id": case.ticket_id, "categories": category_names(case, lang),
            "description": public_text(case.description), "address": public_text(case.address),
            "district": case.district, "subdistrict": case.subdistrict,
            "district_name": _district_name(case, lang), "subdistrict_name": _subdistrict_name(case, lang),
            "place_words": public_text(case.place_words),
            "state": case.state, "state_label": lifecycle.state_label(case.state, lang),
            "colour": lifecycle.STATE_COLOURS[case.state], "reported": local(case.created_at),
            "timeline": timeline(case, lang), "photos": photos(case, settings),
            "agency": agency.responsible_agency_name(case, lang), "days": time_taken(case),
            "stars": case.stars, "reopen_count": case.reopen_count,
            "latitude": case.latitude, "longitude": case.longitude}
