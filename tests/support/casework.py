"""Move a test case through its lifecycle with the same service functions officers and admins use."""
from __future__ import annotations

from bot import services
from bot.permissions import Actor
from storage.models import Photo

ADMIN = Actor.admin("test")


def move(uow, ticket: str, action: str, *, note: str | None = None, stars: int | None = None,
         photo_ids: list[int] = (), actor: str | None = None):
    """Apply one action as an admin (a rating as the reporter); `actor` names who in old tests."""
    if action == "accept":
        return services.accept(uow, ticket, ADMIN, note)
    if action == "update":
        return services.update(uow, ticket, ADMIN, note or "")
    if action == "reject":
        return services.reject(uow, ticket, ADMIN, note or "not ours")
    if action == "finish":
        return services.finish(uow, ticket, ADMIN, note, list(photo_ids) or [_after_photo(uow)])
    if action == "rate":
        case = services.find_case(uow, ticket)
        return services.rate(uow, ticket, case.reporter_id, stars)
    if action == "reopen":
        case = services.find_case(uow, ticket)
        return services.reopen(uow, ticket, case.reporter_id, note or "not fixed")
    raise ValueError(f"no test helper for {action!r}")


def _after_photo(uow) -> int:
    """A photo record standing for the picture of the fix (its file is never read in these tests)."""
    photo = Photo(owner_id=None, kind="after", path="00/after.jpg", sha256="0" * 64,
                  content_type="image/jpeg", width=640, height=480, size=1000)
    uow.session.add(photo)
    uow.session.flush()
    return photo.id
