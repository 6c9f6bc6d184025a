"""Use cases of routing: the responsible agency of a new case, and routing rules in and out."""
from __future__ import annotations

from sqlalchemy import delete, select

import nlp
from bot import routing
from bot.permissions import Actor
from bot.services.audit import audit
from nlp.gazetteer import DISTRICTS
from storage.db import UnitOfWork
from storage.models import Agency, RoutingRule

__all__ = ["route", "current_rules", "export_rules", "import_rules", "agency_by_code"]


def agency_by_code(uow: UnitOfWork, code: str, *, enabled_only: bool = True) -> Agency | None:
    """The agency with this code (any letter case), or None."""
    query = select(Agency).where(Agency.code == code.strip().lower())
    if enabled_only:
        query = query.where(Agency.enabled.is_(True))
    return uow.session.scalar(query)


def current_rules(uow: UnitOfWork) -> dict[tuple[str, str], str]:
    """Every routing rule as (category, district) -> agency code."""
    rows = uow.session.execute(select(RoutingRule.category, RoutingRule.district, Agency.code)
                               .join(Agency, RoutingRule.agency_id == Agency.id))
    return {(category, district): code for category, district, code in rows}


def route(uow: UnitOfWork, categories: list[str], district: str | None) -> Agency:
    """The agency that takes a new case; the triage desk when the choice is missing or disabled."""
    code = routing.choose(current_rules(uow), list(categories), district)
    return agency_by_code(uow, code) or agency_by_code(uow, routing.TRIAGE, enabled_only=False)


def export_rules(uow: UnitOfWork) -> str:
    """The routing table as CSV."""
    return routing.to_csv(current_rules(uow))


def import_rules(uow: UnitOfWork, text: str, actor: Actor) -> list[routing.Change]:
    """Replace the routing table with a CSV's rules, all or nothing; return what changed."""
    enabled = set(uow.session.scalars(select(Agency.code).where(Agency.enabled.is_(True))))
    new = routing.parse_csv(text, set(nlp.LABELS), set(DISTRICTS), enabled)
    old = current_rules(uow)
    changes = routing.diff(old, new)
    if changes:
        ids = dict(uow.session.execute(select(Agency.code, Agency.id)).all())
        uow.session.execute(delete(RoutingRule))
        uow.session.add_all(RoutingRule(category=c, district=d, agency_id=ids[code])
                            for (c, d), code in new.items())
        audit(uow, actor, "routing_import", before={"rules": len(old)},
              after={"rules": len(new), "changes": [str(change) for change in changes]})
    return changes
