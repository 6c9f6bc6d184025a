"""Learn from use: the app's own cases whose category staff confirmed or corrected.

Contract with the officers' service: a staff correction is a CaseEvent with action 'recategorize' and
data {"from": [old labels], "to": [new labels]}; the labels the bot predicted are in the case's 'create'
event's data["categories"]. A case counts as staff-confirmed when it was recategorised (the last 'to'
wins) or reached 'finished' through an 'accept' or 'finish' by staff without any correction.
"""
import collections
import datetime as dt

from storage import clock

from .dataset import Ticket
from .labels import LABELS, label_name

RECATEGORIZE = "recategorize"
CONFIRMING = ("accept", "finish")
CITIZEN_ACTORS = ("citizen", "system", "")


def database():
    """Return the app's database: the Flask runtime's under `flask --app bot`, else DATABASE_URL's."""
    import click

    ctx = click.get_current_context(silent=True)
    try:
        from flask.cli import ScriptInfo

        info = ctx.find_object(ScriptInfo) if ctx else None
    except ImportError:
        info = None
    if info is not None:
        return info.load_app().extensions["chaeng"].db
    from bot.config import Settings
    from storage.db import Database

    return Database(Settings.from_env().database_url)


def _is_staff(event) -> bool:
    """Tell whether an event was done by an officer or admin rather than the citizen or the system."""
    return (event.actor or "") not in CITIZEN_ACTORS


def review(case):
    """Return (predicted labels, final labels, when staff settled them, corrected?) or None if unreviewed."""
    events = sorted(case.events, key=lambda e: (e.created_at, e.id))
    created = next((e for e in events if e.action == "create"), None)
    predicted = list((created.data or {}).get("categories", [])) if created else list(case.categories or [])
    fixes = [e for e in events if e.action == RECATEGORIZE and _is_staff(e)]
    if fixes:
        return predicted, list((fixes[-1].data or {}).get("to", [])), fixes[-1].created_at, True
    confirms = [e for e in events if e.action in CONFIRMING and _is_staff(e)]
    if case.state == "finished" and confirms:
        return predicted, list(case.categories or []), confirms[-1].created_at, False
    return None


def _reviewed(db):
    """Yield (case, review) for every staff-reviewed case."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from storage.models import Case

    with db.uow() as uow:
        for case in uow.session.scalars(select(Case).options(selectinload(Case.events)).order_by(Case.id)):
            settled = review(case)
            if settled:
                yield case, settled


def confirmed_tickets(db) -> tuple[list[Ticket], dict]:
    """Return staff-confirmed cases as training tickets, and how many there are and up to when."""
    out, last = [], None
    for case, (_, final, when, _) in _reviewed(db):
        labels = [lab for lab in final if lab in LABELS]
        if not labels or not (case.description or "").strip():
            continue
        out.append(Ticket(_stamp(case.created_at), case.description, labels, case.latitude, case.longitude,
                          case.district or "", case.subdistrict or "",
                          "กรุงเทพมหานคร" if case.district else "", case.address or ""))
        last = max(last, when) if last else when
    return out, dict(cases=len(out), cases_until=_stamp(last) if last else None)


def _stamp(when: dt.datetime) -> str:
    """Return a UTC timestamp in the training data's format."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S+00")


def corrections(db, days: int = 30, now: dt.datetime | None = None) -> dict:
    """Count, per predicted top label, the cases staff reviewed in the last `days` and how many they changed."""
    now = now or clock.now()
    since = now - dt.timedelta(days=days)
    reviewed, changed = collections.Counter(), collections.Counter()
    moved = collections.defaultdict(collections.Counter)
    for _, (predicted, final, when, _) in _reviewed(db):
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        if when < since:
            continue
        label = predicted[0] if predicted else "-"
        reviewed[label] += 1
        if set(predicted) != set(final):
            changed[label] += 1
            moved[label].update(lab for lab in final if lab not in predicted)
    return dict(reviewed=reviewed, changed=changed, moved=moved)


def format_corrections(r: dict, days: int) -> str:
    """Render the correction counts as a table, most corrected labels first."""
    total, fixed = sum(r["reviewed"].values()), sum(r["changed"].values())
    lines = ["cases reviewed by staff in the last %d days: %d; category changed: %d (%.1f%%)"
             % (days, total, fixed, 100 * fixed / max(1, total))]
    if not total:
        return lines[0]
    lines.append("%-14s %-16s %8s %8s %7s  changed to" % ("predicted", "english", "reviewed", "changed", "share"))
    for label in sorted(r["reviewed"], key=lambda lab: (-r["changed"][lab], -r["reviewed"][lab])):
        n, c = r["reviewed"][label], r["changed"][label]
        english = label_name(label, "en") if label in LABELS else "-"
        to = ", ".join("%s %d" % kv for kv in r["moved"][label].most_common(3))
        lines.append("%-14s %-16s %8d %8d %6.0f%%  %s" % (label, english, n, c, 100 * c / n, to))
    return "\n".join(lines)
