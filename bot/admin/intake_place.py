"""Where a phoned-in report is, for the call-centre form: the place an address names (with a
point to put the pin on), the place the pin is in, whether they disagree, and the agency the
routing rules give the case; and the classifier's category suggestions, told honestly."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

import nlp
from bot import services
from nlp.geo import table as places_table
from storage.db import UnitOfWork

# Categories that name a concern rather than a thing: when the classifier is as sure of one of
# these as of a specific category ("safety" and "drain" for a missing drain cover), the specific
# one goes first, since the first category is the one the routing rules and statistics use.
GENERAL = ("ความปลอดภัย", "ร้องเรียน", "เสนอแนะ", "สอบถาม")
SUGGESTED = 3  # at most this many suggestions
FLOOR = 0.05  # below this a category is noise, not a suggestion (the best one is always shown)


@dataclass(frozen=True)
class Spot:
    """A district and subdistrict, and (when known) a point inside it."""

    district: str
    subdistrict: str | None
    latitude: float | None = None
    longitude: float | None = None

    def pair(self) -> list:
        """[district, subdistrict], as the case's history records it."""
        return [self.district, self.subdistrict]


def from_address(text: str | None) -> Spot | None:
    """The place an address names, with a point well inside it for the map's pin; or None."""
    place = nlp.locate_text(text) if text and text.strip() else None
    if place is None:
        return None
    point = centre(place.district, place.subdistrict)
    return Spot(place.district, place.subdistrict, *(point or (None, None)))


def from_pin(latitude: float | None, longitude: float | None, address: str | None) -> Spot | None:
    """The place a map pin is in (the address decides only on a border), or None."""
    if latitude is None or longitude is None:
        return None
    place = nlp.locate(latitude, longitude, address)
    return Spot(place.district, place.subdistrict, latitude, longitude) if place else None


def mismatch(address: Spot | None, pin: Spot | None) -> dict | None:
    """Where the address and the pin disagree on the district, as recorded on the case."""
    if address is None or pin is None or address.district == pin.district:
        return None
    return {"address": address.pair(), "pin": pin.pair()}


def agency_for(uow: UnitOfWork, categories: list[str], district: str | None):
    """The agency the routing rules give a new case (the same choice submit_report makes)."""
    return services.route(uow, categories, district)


@functools.cache
def centre(district: str, subdistrict: str | None) -> tuple[float, float] | None:
    """A point well inside a subdistrict (or district): the known report location nearest to the
    weighted middle of all of the place's known report locations."""
    table = places_table()
    wanted = [i for i, (d, s) in enumerate(table.names)
              if d == district and (subdistrict is None or s == subdistrict)]
    cells = np.isin(table.label, wanted)
    if not cells.any():
        return None
    lat, lng, weight = table.lat[cells], table.lon[cells], np.asarray(table.weight)[cells]
    middle = (np.average(lat, weights=weight), np.average(lng, weights=weight))
    nearest = int(np.argmin((lat - middle[0]) ** 2 + (lng - middle[1]) ** 2))
    return round(float(lat[nearest]), 6), round(float(lng[nearest]), 6)


def suggestions(text: str) -> list[tuple[str, float]]:
    """The likeliest categories for a description as (label, confidence), at most three, none
    below 5% but the best; a specific category before a general one the model is as sure of."""
    found = nlp.classify(text) if text and text.strip() else []
    kept = [p for i, p in enumerate(found[:SUGGESTED]) if i == 0 or p.confidence >= FLOOR]
    return [(p.label, p.confidence) for p in sorted(kept, key=_rank)]


def chosen_labels(text: str) -> list[str]:
    """The categories a case gets when the operator leaves the choice to the system."""
    found = nlp.classify(text) if text and text.strip() else []
    labels = set(nlp.predicted_labels(found))
    return [p.label for p in sorted((p for p in found if p.label in labels), key=_rank)]


def shown_confidence(confidence: float) -> str:
    """A confidence as a person reads it: ≥99% for near-certain, <1% for nearly nothing."""
    if confidence >= 0.995:
        return "≥99%"
    if confidence < 0.005:
        return "<1%"
    return f"{round(confidence * 100)}%"


def _rank(prediction) -> tuple:
    """Sort key: surer first, but a general category after a specific one within 2 points."""
    general = prediction.label in GENERAL
    return (-round(prediction.confidence * 50), general, -prediction.confidence)
