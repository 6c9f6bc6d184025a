"""Read Open311 query parameters into filters of GET requests, or raise Open311Error."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import Row, or_, select

from bot.opendata.catalog import BY_CODE
from bot.opendata.queries import has_category, states_for
from bot.web.open311.documents import COLUMNS
from bot.web.open311.render import Open311Error
from storage.models import Case, utcnow

WINDOW = timedelta(days=90)
LIMIT = 1000


def find_requests(uow, args) -> list[Row]:
    """The cases GET requests asks for, as rows of the columns documents print: by id list, or
    by services, dates and statuses (each a comma list, or the parameter repeated)."""
    query = (select(*COLUMNS).where(Case.hidden.is_(False))
             .order_by(Case.created_at.desc(), Case.id.desc()).limit(LIMIT))
    ids = list(dict.fromkeys(i.upper() for i in listed(args, "service_request_id")))
    if len(ids) > LIMIT:
        raise Open311Error(400, f"service_request_id lists more than {LIMIT} ids")
    if ids:  # the spec: a list of ids overrides every other argument
        return list(uow.session.execute(query.where(Case.ticket_id.in_(ids))))
    codes = list(dict.fromkeys(listed(args, "service_code")))
    if codes:
        query = query.where(or_(*(_has_service(code, uow.is_postgres) for code in codes)))
    start, end = _window(single(args, "start_date"), single(args, "end_date"))
    query = query.where(Case.created_at >= start, Case.created_at <= end)
    statuses = listed(args, "status")
    if any(s not in ("open", "closed") for s in statuses):
        raise Open311Error(400, "status must be open, closed or open,closed")
    if statuses:
        query = query.where(Case.state.in_(states_for(statuses)))
    return list(uow.session.execute(query))


def listed(args, name: str) -> list[str]:
    """A list parameter's values: comma lists, and every repeat of the parameter, in order."""
    return [part.strip() for value in args.getlist(name) for part in value.split(",")
            if part.strip()]


def single(args, name: str) -> str | None:
    """A parameter given at most once; a repeat is a 400 rather than a silent choice of one."""
    values = args.getlist(name)
    if len(values) > 1:
        raise Open311Error(400, f"{name} is given {len(values)} times; give it once")
    return values[0] if values else None


def _has_service(code: str, postgres: bool):
    """Cases whose service (bot/opendata/catalog.service_for_case: the first category, or
    'other' for none) is `code`, so the filter returns exactly the requests that print it."""
    if code not in BY_CODE:
        raise Open311Error(400, f"unknown service_code {code!r}")
    label = BY_CODE[code].label
    if label is None:
        return has_category(None, postgres)
    first = Case.categories[0].as_string() == label
    # On PostgreSQL the containment test finds the rows by index; the first element decides.
    return has_category(label, postgres) & first if postgres else first


def find_request(uow, ticket_id: str) -> Row:
    """One public case by ticket id as a row of the columns documents print, or a 404."""
    case = uow.session.execute(select(*COLUMNS).where(Case.ticket_id == ticket_id.strip().upper(),
                                                      Case.hidden.is_(False))).first()
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
