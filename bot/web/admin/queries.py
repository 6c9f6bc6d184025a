"""The case list's filters, read from a query string and turned into one SQL query."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import Boolean, ColumnElement, String, cast, func, or_, select
from sqlalchemy.ext.compiler import compiles

import nlp
from bot import cases as lifecycle
from bot import params
from bot.opendata.queries import has_category
from storage.models import Agency, Case, utcnow

PAGE_SIZE = 50
COUNT_CAP = 10_000
# Words and categories are counted by reading the matching rows (no index holds them in a form it
# can count alone), so their count stops at a thousand: reading 10,001 matches took 100-600 ms
# at a million cases (docs/BENCHMARKS.md).
ROW_BY_ROW_COUNT_CAP = 1_000
STUCK_AFTER = timedelta(days=7)
OPEN_STATES = (lifecycle.WAITING, lifecycle.IN_PROGRESS, lifecycle.FORWARDED)
SOURCES = ("line", "call_centre", "open311", "import")
SORTS = {"created": Case.created_at, "updated": Case.updated_at, "state": Case.state,
         "district": Case.district, "stars": Case.stars}
BANGKOK = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class CaseFilter:
    """Everything the list, the map and the statistics can be narrowed by."""

    state: str = ""
    category: str = ""
    district: str = ""
    agency: str = ""
    since: str = ""
    until: str = ""
    stuck: bool = False
    reopened: bool = False
    stars: str = ""
    source: str = ""
    q: str = ""
    sort: str = "created"
    order: str = "desc"
    page: int = 1

    @classmethod
    def from_args(cls, args) -> "CaseFilter":
        """Read filters from request arguments, ignoring values that make no sense."""
        values = {f.name: (args.get(f.name) or "").strip() for f in fields(cls)}
        return cls(state=params.choice(values["state"], lifecycle.STATES),
                   category=params.choice(values["category"], nlp.LABELS),
                   district=values["district"][:64], agency=values["agency"].lower()[:32],
                   since=params.day_text(values["since"], "since"),
                   until=params.day_text(values["until"], "until"),
                   stuck=values["stuck"] in ("1", "on", "true"),
                   reopened=values["reopened"] in ("1", "on", "true"),
                   stars=params.choice(values["stars"], ("1", "2", "3", "4", "5", "none")),
                   source=params.choice(values["source"], SOURCES),
                   q=values["q"][:100], sort=params.choice(values["sort"], SORTS, "created"),
                   order=params.choice(values["order"], ("asc",), "desc"),
                   page=params.page(values["page"]))

    def args(self, **changes) -> dict:
        """The filter as query arguments (without defaults), with some values changed."""
        defaults = CaseFilter()
        merged = {**asdict(self), **changes}
        return {k: ("1" if v is True else v) for k, v in merged.items()
                if v not in ("", False, None) and v != getattr(defaults, k)}


class HasCategory(ColumnElement):
    """Cases whose JSON list of categories holds a label, written for each database below."""

    type = Boolean()
    inherit_cache = False  # the label is not part of SQLAlchemy's cache key: compile each time

    def __init__(self, label: str):
        self.label = label


@compiles(HasCategory, "postgresql")
def _has_category_on_postgresql(element: HasCategory, compiler, **kw) -> str:
    """JSON containment, which ix_cases_categories_gin answers and its statistics estimate."""
    return compiler.process(has_category(element.label, postgres=True), **kw)


@compiles(HasCategory)
def _has_category_as_text(element: HasCategory, compiler, **kw) -> str:
    """The label inside the list's text, as json.dumps wrote it (the app escapes Thai as \\uXXXX;
    rows written by other tools may not)."""
    text = cast(Case.categories, String)
    return compiler.process(or_(
        text.contains(json.dumps(element.label), autoescape=True),
        text.contains(json.dumps(element.label, ensure_ascii=False), autoescape=True)), **kw)


def conditions(flt: CaseFilter, now: datetime | None = None) -> list:
    """SQL conditions for a filter (sorting and paging aside)."""
    where = []
    if flt.state:
        where.append(Case.state == flt.state)
    if flt.category:
        where.append(HasCategory(flt.category))
    if flt.district:
        where.append(Case.district == flt.district)
    if flt.agency:
        # The responsible agency now; an unknown code matches nothing.
        where.append(Case.agency_id == select(Agency.id).where(Agency.code == flt.agency)
                     .scalar_subquery())
    if flt.since:
        where.append(Case.created_at >= _start_of(flt.since))
    if flt.until:
        where.append(Case.created_at < _start_of(flt.until) + timedelta(days=1))
    if flt.stuck:
        where += [Case.state.in_(OPEN_STATES), Case.updated_at < (now or utcnow()) - STUCK_AFTER]
    if flt.reopened:
        where.append(Case.reopen_count > 0)
    if flt.stars:
        where.append(Case.stars.is_(None) if flt.stars == "none" else Case.stars == int(flt.stars))
    if flt.source:
        where.append(Case.source == flt.source)
    if flt.q:
        # ILIKE, which PostgreSQL answers from the trigram indexes; SQLite lowers both sides.
        pattern = "%" + flt.q.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"
        where.append(or_(Case.description.ilike(pattern, escape="/"),
                         Case.address.ilike(pattern, escape="/"), Case.ticket_id == flt.q.upper()))
    return where


def count_cap(flt: CaseFilter) -> int:
    """How many matches the list counts before it shows "N+"."""
    return ROW_BY_ROW_COUNT_CAP if flt.q or flt.category else COUNT_CAP


def page_of_cases(session, flt: CaseFilter) -> tuple[list[Case], int]:
    """One page of matching cases in the chosen order, and how many match (at most
    count_cap + 1: counting a million rows exactly costs more than the page itself, and nobody
    pages that far)."""
    where = conditions(flt)
    capped = select(Case.id).where(*where).limit(count_cap(flt) + 1).subquery()
    total = session.scalar(select(func.count()).select_from(capped)) or 0
    column = SORTS[flt.sort]
    ordering = (column.asc(), Case.id.asc()) if flt.order == "asc" else (column.desc(), Case.id.desc())
    # The page's ids first, then their rows: a deep page's ids come from an index alone, where an
    # OFFSET over whole rows read every skipped row from the table.
    ids = session.scalars(select(Case.id).where(*where).order_by(*ordering)
                          .offset((flt.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    found = {case.id: case for case in session.scalars(select(Case).where(Case.id.in_(ids)))}
    return [found[i] for i in ids], total


def map_points(session, flt: CaseFilter, limit: int = 5000) -> list[dict]:
    """Positions of matching cases (open ones unless a state is chosen), newest first."""
    where = conditions(flt) + [Case.latitude.is_not(None), Case.longitude.is_not(None)]
    if not flt.state:
        where.append(Case.state.in_(OPEN_STATES))
    rows = session.execute(select(Case.ticket_id, Case.state, Case.latitude, Case.longitude,
                                  Case.categories).where(*where)
                           .order_by(Case.created_at.desc()).limit(limit)).all()
    return [{"ticket": t, "state": s, "lat": lat, "lng": lng, "categories": c}
            for t, s, lat, lng, c in rows]


def agency_options(session) -> list[Agency]:
    """Every agency, for the filters' agency list, district offices and departments by code."""
    return list(session.scalars(select(Agency).order_by(Agency.kind, Agency.code)))


def _start_of(day: str) -> datetime:
    """Midnight in Bangkok at the start of a YYYY-MM-DD day."""
    return datetime.combine(date.fromisoformat(day), time(), BANGKOK)
