"""The nearby-case offer: open cases like the one being reported, shown as the public sees them,
each with its distance and age; follow one instead, or go on with one's own report.
(Data in, LINE JSON out; no sending.)"""
from __future__ import annotations

from datetime import datetime

from bot import public_view
from bot.line import messages as m
from bot.line import status
from bot.texts import t


def offer(found: list, lang: str, now: datetime, draft_id: str) -> list[dict]:
    """The lead sentence and a carousel of the nearby cases (services.Nearby), with a 'follow'
    chip per case and a 'not it, go on' chip; every button carries the draft's id."""
    shown = [(public_view.of(near.case), near.metres) for near in found[:m.MAX_BUBBLES]]
    bubbles = [_bubble(case, metres, lang, now, draft_id) for case, metres in shown]
    carousel = m._flex(t("nearby_found", lang), {"type": "carousel", "contents": bubbles})
    chips = [m.chip(t("follow_ticket", lang, ticket=case.ticket_id), "follow", t=case.ticket_id,
                    d=draft_id) for case, _metres in shown]
    carousel["quickReply"] = {"items": chips + [m.chip(t("not_the_same", lang), "anyway", d=draft_id)]}
    return [m.text(t("nearby_found", lang)), carousel]


def _bubble(case: public_view.PublicCase, metres: float, lang: str, now: datetime,
            draft_id: str) -> dict:
    """One nearby case: state, category, place, distance, age, words and photo, and 'follow'."""
    rows = [m._row(t("category", lang), m.category_name(case.categories, lang)),
            m._row(t("place", lang), status.place_text(case, lang, status.STRANGER)),
            m._row(t("distance", lang), t("metres_away", lang, metres=_rounded(metres))),
            m._row(t("reported", lang), status.age(case.created_at, now, lang)),
            m._row(t("details", lang), case.description)]
    bubble = {"type": "bubble", "header": status.header(case, lang), "body": m._box(rows),
              "footer": m._box([m._button(t("follow", lang), m.postback_data(
                  "follow", t=case.ticket_id, d=draft_id), primary=True)])}
    photo = public_view.first_photo(case.photos)
    if photo is not None:
        bubble["hero"] = {"type": "image", "url": m.photo_ref(photo), "size": "full",
                          "aspectMode": "cover", "aspectRatio": "20:13"}
    return bubble


def _rounded(metres: float) -> int:
    """A distance as people say it: to the nearest 10 m (at least 10)."""
    return max(10, int(round(metres / 10.0)) * 10)
