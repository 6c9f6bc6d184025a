"""The one rule for publishing text: every public string goes through nlp.redact."""
from __future__ import annotations

from sqlalchemy import select

from storage.models import Case, Photo


def public_text(text: str | None) -> str:
    """Text with phone numbers, national ids, e-mails and LINE ids masked ('' for None)."""
    if not text:
        return ""
    import nlp

    return nlp.redact(text)


def visible_cases():
    """A query of the cases the public may see (moderators' hidden ones left out)."""
    return select(Case).where(Case.hidden.is_(False))


def visible_photos(case: Case) -> list[Photo]:
    """A case's photos that moderators have not hidden."""
    return [photo for photo in case.photos if not photo.hidden]
