"""Reports phoned in to the call centre: the same submit_report as LINE, plus the caller's phone."""
from __future__ import annotations

import re

from bot import services
from bot.admin import audit
from bot.permissions import Actor
from storage.admin_models import CallerContact
from storage.db import UnitOfWork
from storage.media import StoredImage
from storage.models import Case, utcnow

PHONE = re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$")


class IntakeError(ValueError):
    """The phoned-in report is incomplete or malformed; the message names the field."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


def submit_phoned_report(uow: UnitOfWork, *, operator_id: int, actor: Actor, description: str,
                         categories: list[str], latitude: float | None, longitude: float | None,
                         address: str | None, district: str | None, subdistrict: str | None,
                         images: list[StoredImage], phone: str | None,
                         mismatch: dict | None = None) -> Case:
    """Create a case from a call, attach its photos, and keep the caller's phone apart; a
    disagreement between the typed address and the map pin stays in the case's history."""
    if not description.strip():
        raise IntakeError("description")
    phone = (phone or "").strip()
    if phone and not PHONE.match(phone):
        raise IntakeError("phone")
    photo_ids = [services.add_photo(uow, None, image).id for image in images]
    try:
        case = services.submit_report(
            uow, None, description=description, categories=categories, latitude=latitude,
            longitude=longitude, address=address, district=district, subdistrict=subdistrict,
            photo_ids=photo_ids, actor=actor.label, source="call_centre",
            data={"place_mismatch": mismatch} if mismatch else None)
    except services.InvalidLocation:
        raise IntakeError("location") from None
    if phone:
        uow.session.add(CallerContact(case_id=case.id, phone=phone, recorded_by=operator_id,
                                      created_at=utcnow()))
    audit.record(uow, actor, "phone_intake", case=case)
    return case


def caller_phone(uow: UnitOfWork, case_id: int) -> str | None:
    """The caller's phone for a phoned-in case (only for operators and admins to see)."""
    contact = uow.session.get(CallerContact, case_id)
    return contact.phone if contact else None
