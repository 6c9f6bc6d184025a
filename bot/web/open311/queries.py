"""Read Open311 query and form parameters into filters and a new case, or raise Open311Error."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import Row, select

from bot import public_view, services
from bot.opendata.catalog import ATTRIBUTES, BY_CODE
from bot.opendata.queries import has_category, states_for
from bot.web.open311.documents import COLUMNS
from bot.web.open311.render import Open311Error
from storage.models import Case, utcnow

WINDOW = timedelta(days=90)
LIMIT = 1000
ATTRIBUTE_CODES = {attribute["code"] for attribute in ATTRIBUTES}


def find_requests(uow, args) -> list[Row]:
    """The cases GET requests asks for, as rows of the columns documents print: by id list, or
    by service, dates and status."""
    query = (select(*COLUMNS).where(public_view.VISIBLE)
             .order_by(Case.created_at.desc(), Case.id.desc()).limit(LIMIT))
    ids = [i.strip().upper() for i in (args.get("service_request_id") or "").split(",") if i.strip()]
    if ids:  # the spec: a list of ids overrides every other argument
        return list(uow.session.execute(query.where(Case.ticket_id.in_(ids))))
    code = args.get("service_code")
    if code:
        if code not in BY_CODE:
            raise Open311Error(400, f"unknown service_code {code!r}")
        query = query.where(has_category(BY_CODE[code].label, uow.is_postgres))
    start, end = _window(args.get("start_date"), args.get("end_date"))
    query = query.where(Case.created_at >= start, Case.created_at <= end)
    statuses = [s.strip() for s in (args.get("status") or "").split(",") if s.strip()]
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, "status must be open, closed or open,closed")
    if statuses:
        query = query.where(Case.state.in_(states_for(statuses)))
    return list(uow.session.execute(query))


def find_request(uow, ticket_id: str) -> Row:
    """One public case by ticket id as a row of the columns documents print, or a 404."""
    case = uow.session.execute(select(*COLUMNS).where(Case.ticket_id == ticket_id.strip().upper(),
                                                      public_view.VISIBLE)).first()
    if case is None:
        raise Open311Error(404, f"no service request {ticket_id!r}")
    return case


def _window(start_text: str | None, end_text: str | None) -> tuple[datetime, datetime]:
    """The requested_datetime range: the last 90 days by default, never more than 90 days."""
    start, end = _datetime(start_text, "start_date"), _datetime(end_text, "end_date")
    if start is None and end is None:
        end = utcnow()
    if start is None:
        start = end - WINDOW
    if end is None:
        end = start + WINDOW
    if end < start:
        raise Open311Error(400, "end_date is before start_date")
    if end - start > WINDOW:
        raise Open311Error(400, "start_date and end_date may not span more than 90 days")
    return start, end


def _datetime(value: str | None, name: str) -> datetime | None:
    """An ISO 8601 date-time with its offset (UTC when none is given)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise Open311Error(400, f"{name} must be an ISO 8601 date-time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def create_request(uow, form, client: str) -> Case:
    """Open a case from a POST requests form through the same service the chat uses."""
    service = BY_CODE.get(form.get("service_code") or "")
    if service is None:
        raise Open311Error(400, "service_code is missing or unknown")
    place, lat, lon = _location(form)
    attributes = _attributes(form)
    description = (form.get("description") or "").strip()
    if len(description) > 4000:
        raise Open311Error(400, "description is longer than 4000 characters")
    address = form.get("address_string") or None
    if attributes.get("landmark"):
        address = ", ".join(p for p in (attributes["landmark"], address) if p)
    media = form.get("media_url") or None
    if media and not media.startswith(("http://", "https://")):
        raise Open311Error(400, "media_url must be an http or https URL")
    return services.submit_report(
        uow, None, description=description, categories=[service.label] if service.label else [],
        latitude=lat, longitude=lon, address=address, district=place.district if place else None,
        subdistrict=place.subdistrict if place else None, photo_ids=[], actor=f"open311:{client}",
        source="open311", data={"media_url": media} if media else None)


def _location(form):
    """(place, lat, long) from lat/long, else from address_string, or a 400."""
    import nlp

    lat_text, lon_text = form.get("lat"), form.get("long")
    if lat_text or lon_text:
        try:
            lat, lon = float(lat_text), float(lon_text)
        except (TypeError, ValueError):
            raise Open311Error(400, "lat and long must both be numbers") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise Open311Error(400, "lat or long is out of range")
        return nlp.locate(lat, lon, (form.get("address_string") or "").strip() or None), lat, lon
    address = (form.get("address_string") or "").strip()
    if not address:
        raise Open311Error(400, "give lat and long, or address_string")
    place = nlp.locate_text(address)
    if place is None:
        raise Open311Error(400, "address_string names no place in Bangkok we know")
    return place, None, None


def _attributes(form) -> dict[str, str]:
    """attribute[code] fields, all of them known codes."""
    out = {}
    for key, value in form.items():
        if key.startswith("attribute[") and key.endswith("]"):
            code = key[len("attribute["):-1]
            if code not in ATTRIBUTE_CODES:
                raise Open311Error(400, f"unknown attribute {code!r}")
            out[code] = value.strip()
    return out
