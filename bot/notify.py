"""Turn each case event into outbox rows for every audience: reporter, followers, officers, groups.

Services record what happened (a CaseEvent) and call case_event(); only this module decides who
hears about it and builds the messages, so the dashboard and APIs get notifications for free."""
from __future__ import annotations

from sqlalchemy import select

from bot.line import cards, status
from bot.line import messages as m
from bot.texts import t
from bot.webhooks import outbox as webhooks
from storage.models import Agency, Follower, LineGroup, LineUser, Officer, Photo, utcnow

# Which officers hear of an event, and the sentence that leads their card.
OFFICER_LEADS = {"create": "new_case_for_agency", "reroute": "new_case_for_agency",
                 "forward": "forwarded_to_agency",
                 "reopen": "reopened_for_agency", "invite": "invited_agency",
                 "add_information": "info_added"}
# Events the reporter and followers hear about.
CITIZEN_EVENTS = {"accept", "update", "forward", "finish", "reject", "reopen", "duplicate"}


def case_event(uow, case, event) -> None:
    """Queue every message this case event causes, in the caller's transaction."""
    _tell_subscribers(uow, case, event)
    if event.action in CITIZEN_EVENTS:
        _tell_citizens(uow, case, event)
    if event.action in OFFICER_LEADS:
        agency = _target_agency(uow, case, event)
        if agency is not None:
            _tell_agency(uow, case, event, agency)


def _tell_subscribers(uow, case, event) -> None:
    """Queue signed webhook deliveries for a new case or a change of state."""
    if event.action == "create":
        webhooks.enqueue(uow, case, "case.created", occurred_at=event.created_at)
    elif event.from_state != event.to_state:
        webhooks.enqueue(uow, case, "case.state_changed", from_state=event.from_state,
                         occurred_at=event.created_at)


def _tell_citizens(uow, case, event) -> None:
    """Push the new state, the note and the agency's name to the reporter and every follower
    (followers see the case's public view, and nothing of a case a moderator hid)."""
    photo = _first_photo(uow, event)
    agency = uow.session.get(Agency, case.agency_id) if case.agency_id else None
    followers = [] if case.hidden else uow.session.scalars(
        select(Follower.user_id).where(Follower.case_id == case.id))
    audience = [(case.reporter_id, True)] if case.reporter_id else []
    audience += [(user_id, False) for user_id in followers if user_id != case.reporter_id]
    for user_id, is_reporter in audience:
        if event.actor == f"citizen:{user_id}":
            continue  # they did it; the chat already answered them
        lang = _language(uow, user_id, case.language)
        if event.action == "duplicate" and is_reporter:
            outgoing = [m.text(t("duplicate_update", lang, ticket=case.ticket_id,
                                 of=event.data.get("of", "")))]
        else:
            outgoing = status.citizen_update(case, event.note, agency.name(lang) if agency else "",
                                             lang, utcnow(), photo=photo, reporter=is_reporter,
                                             by_office=not event.actor.startswith("citizen"))
        _send(uow, user_id, outgoing, "status", case.id)


def _tell_agency(uow, case, event, agency) -> None:
    """One card each to the agency's linked officers and bound groups."""
    officers = uow.session.scalars(select(Officer).where(
        Officer.agency_id == agency.id, Officer.enabled.is_(True),
        Officer.line_user_id.is_not(None)))
    groups = uow.session.scalars(select(LineGroup.id).where(
        LineGroup.agency_id == agency.id, LineGroup.active.is_(True)))
    targets = [(o.line_user_id, _language(uow, o.line_user_id, "th")) for o in officers]
    targets += [(group_id, "th") for group_id in groups]
    for target, lang in targets:
        lead = t(OFFICER_LEADS[event.action], lang, ticket=case.ticket_id, agency=agency.name(lang),
                 note=event.note or "-")
        outgoing = [m.text(lead), cards.officer_card(case, agency.name(lang), lang, utcnow())]
        _send(uow, target, outgoing, "officer", case.id)


def _target_agency(uow, case, event):
    """The agency an officer notification goes to: the invited one, else the responsible one."""
    if event.action == "invite":
        return uow.session.scalar(select(Agency).where(Agency.code == event.data.get("agency")))
    return uow.session.get(Agency, case.agency_id) if case.agency_id else None


def _first_photo(uow, event):
    """The first photo attached to an event (the after-photo of a finish)."""
    ids = (event.data or {}).get("photo_ids") or []
    return uow.session.get(Photo, ids[0]) if ids else None


def _language(uow, user_id: str, fallback: str) -> str:
    """The language a LINE user reads."""
    user = uow.session.get(LineUser, user_id)
    return user.language if user else fallback


def _send(uow, to: str, outgoing: list[dict], purpose: str, case_id: int) -> None:
    """Queue a push (services.send owns the outbox format)."""
    from bot.services import reports  # imported late: services call this module

    reports.send(uow, to, outgoing, purpose=purpose, case_id=case_id)
