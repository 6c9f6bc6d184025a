"""The board's hotspot pages: the places each kind of problem keeps coming back, listed and mapped."""
from __future__ import annotations

from dataclasses import replace

from flask import abort, current_app, render_template

from bot import public_view
from bot.insight import maps
from bot.opendata.catalog import BY_CODE, OTHER, SERVICES
from bot.web.public.context import lang as _lang

SHOWN = 100
LINKED = 5  # a hotspot's latest tickets, which its map circle and table row link to


def register(blueprint) -> None:
    """Add the hotspot pages to the board's blueprint."""
    blueprint.add_url_rule("/hotspots", "hotspot_index", hotspot_index)
    blueprint.add_url_rule("/hotspots/<code>", "hotspot_page", hotspot_page)


def hotspot_index():
    """Every category, each linking to its hotspot page."""
    services = [(s.code, s.name_en if _lang() == "en" else s.name_th) for s in SERVICES
                if s.code != OTHER]
    return render_template("public/hotspots.html", services=services, radius=int(maps.RADIUS_M))


def _shown_tickets(session, spots: list) -> list:
    """Hotspots with their latest tickets (the few a page links), only those public now: the
    figures are cached for minutes, and a case a moderator hid meanwhile must not be linked."""
    latest = [spot.tickets[-LINKED:] for spot in spots]
    public = public_view.visible_tickets(session, (t for tickets in latest for t in tickets))
    return [replace(spot, tickets=tuple(t for t in tickets if t in public))
            for spot, tickets in zip(spots, latest)]


def _in_english(place: str | None) -> str | None:
    """A hotspot's place ("subdistrict district", from our own lists) with its English names."""
    from nlp.placenames import district_en, subdistrict_en

    if not place:
        return place
    sub, _, district = place.rpartition(" ")
    english = [subdistrict_en(district, sub) if sub else "", district_en(district)]
    return ", ".join(filter(None, english)) if english[1] and (english[0] or not sub) else place


def hotspot_page(code: str):
    """One category's hotspots: a table and a map of circles."""
    service = BY_CODE.get(code)
    if service is None or service.label is None:
        abort(404)
    with current_app.extensions["chaeng"].db.uow() as uow:
        found = _shown_tickets(uow.session, maps.category_hotspots(uow, service.label)[:SHOWN])
    if _lang() == "en":
        found = [replace(spot, place=_in_english(spot.place)) for spot in found]
    name = service.name_en if _lang() == "en" else service.name_th
    return render_template("public/hotspot.html", name=name, spots=found,
                           layer=[maps.as_json(spot) for spot in found], radius=int(maps.RADIUS_M))
