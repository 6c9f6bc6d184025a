"""Open a case from a POST requests form: every field cleaned and bounded, or an Open311Error."""
from __future__ import annotations

import math

from bot import services
from bot.opendata.catalog import ATTRIBUTES, BY_CODE
from bot.plaintext import clean
from bot.web.open311.queries import single
from bot.web.open311.render import Open311Error
from storage.models import Case

# The most characters each field may hold once cleaned. The description's is the spec schema's;
# names, e-mail and phone are never stored (PDPA) but are bounded all the same.
LIMITS = {"api_key": 200, "jurisdiction_id": 100, "service_code": 64, "lat": 40, "long": 40,
          "address_string": 500, "address_id": 100, "description": 4000, "media_url": 2000,
          "email": 254, "first_name": 100, "last_name": 100, "phone": 40, "device_id": 200,
          "account_id": 200}
ATTRIBUTE_LIMIT = 500
ATTRIBUTE_CODES = {attribute["code"] for attribute in ATTRIBUTES}
# Every field at its limit, percent-encoded (Thai is nine bytes a character), fits in 64 KB.
MAX_BODY = 64 * 1024


def create_request(uow, form, client: str) -> Case:
    """Open a case from the form through the same service the chat uses."""
    values, attributes = _read(form)
    code = values.get("service_code")
    if not code:
        raise Open311Error(400, "service_code is missing")
    if code not in BY_CODE:
        raise Open311Error(404, f"no service {code!r}")
    service = BY_CODE[code]
    place, lat, lon = _location(values)
    address = values.get("address_string") or None
    if attributes.get("landmark"):
        address = ", ".join(p for p in (attributes["landmark"], address) if p)
    media = values.get("media_url") or None
    if media and not media.startswith(("http://", "https://")):
        raise Open311Error(400, "media_url must be an http or https URL")
    kept = {"media_url": media, "address_id": values.get("address_id")}  # into the history
    return services.submit_report(
        uow, None, description=values.get("description", ""),
        categories=[service.label] if service.label else [], latitude=lat, longitude=lon,
        address=address, district=place.district if place else None,
        subdistrict=place.subdistrict if place else None, photo_ids=[],
        actor=f"open311:{client}", source="open311",
        data={k: v for k, v in kept.items() if v} or None)


def _read(form) -> tuple[dict[str, str], dict[str, str]]:
    """The known fields and the attributes, each given once, cleaned and within its limit."""
    values, attributes = {}, {}
    for key in form.keys():
        if key.startswith("attribute[") and key.endswith("]"):
            code = key[len("attribute["):-1]
            if code not in ATTRIBUTE_CODES:
                raise Open311Error(400, f"unknown attribute {code!r}")
            attributes[code] = _bounded(form, key, ATTRIBUTE_LIMIT)
        elif key in LIMITS:
            values[key] = _bounded(form, key, LIMITS[key])
    return values, attributes


def _bounded(form, key: str, limit: int) -> str:
    """One field's text, given once, without control characters, at most `limit` characters."""
    text = clean(single(form, key) or "").strip()
    if len(text) > limit:
        raise Open311Error(400, f"{key} is longer than {limit} characters")
    return text


def _location(values: dict[str, str]):
    """(place, lat, long) from lat/long, else from address_string, else none from address_id
    alone (Chaeng keeps no address register: the triage desk places it), or a 400."""
    import nlp

    if values.get("lat") or values.get("long"):
        lat, lon = _coordinate(values.get("lat"), 90), _coordinate(values.get("long"), 180)
        return nlp.locate(lat, lon, values.get("address_string") or None), lat, lon
    address = values.get("address_string")
    if address:
        place = nlp.locate_text(address)
        if place is None and not values.get("address_id"):
            raise Open311Error(400, "address_string names no place in Bangkok we know")
        return place, None, None
    if values.get("address_id"):
        return None, None, None
    raise Open311Error(400, "give lat and long, address_string or address_id")


def _coordinate(text: str | None, bound: float) -> float:
    """A finite latitude or longitude within ±bound degrees, or a 400."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise Open311Error(400, "lat and long must both be numbers") from None
    if not math.isfinite(value) or abs(value) > bound:
        raise Open311Error(400, "lat or long is out of range")
    return value
