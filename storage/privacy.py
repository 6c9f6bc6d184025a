"""The record of citizens' PDPA requests (a copy of their data, its erasure), without their content."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UtcDateTime, utcnow

__all__ = ["PrivacyRequest"]


class PrivacyRequest(Base):
    """One request: who (a pseudonym, never the LINE id), what, when asked and when done."""

    __tablename__ = "privacy_requests"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # copy | erasure
    who: Mapped[str] = mapped_column(String(16), index=True)  # bot.privacy.pseudonym
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    # An erasure's LINE id, kept only while its last message (the bot saying it is done) is on
    # its way; cleared, with that message, when the erasure is finished.
    finishing_user_id: Mapped[str | None] = mapped_column(String(64))
