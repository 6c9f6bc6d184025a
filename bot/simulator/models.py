"""Tables of the LINE simulator: the chat as both sides saw it, and the photos users uploaded."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UtcDateTime, utcnow


class SimMessage(Base):
    """One line of a simulated chat: an event the user sent or a message the bot sent."""

    __tablename__ = "sim_messages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    direction: Mapped[str] = mapped_column(String(4))  # "user" or "bot"
    kind: Mapped[str] = mapped_column(String(16))  # event kind (user) or message type (bot)
    payload: Mapped[dict] = mapped_column(JSON)  # the webhook event, or the LINE message object
    shown: Mapped[str | None] = mapped_column(Text)  # what LINE would show as the user's bubble
    via: Mapped[str | None] = mapped_column(String(8))  # "reply" or "push" for bot messages
    # A reply token is issued with the user's event and may be used once, like LINE's.
    reply_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    reply_used: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set on the first message of a push only: a unique retry key makes a repeat lose the insert race.
    retry_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    request_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SimUpload(Base):
    """A photo sent from the simulator page, served to the worker as LINE message content."""

    __tablename__ = "sim_uploads"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the image message's id
    user_id: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SimRichMenu(Base):
    """A rich menu the bot created, with its image, as LINE would keep it."""

    __tablename__ = "sim_rich_menus"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[dict] = mapped_column(JSON)
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_type: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class SimRichMenuLink(Base):
    """Which rich menu a user sees; the row for user '*' is the default."""

    __tablename__ = "sim_rich_menu_links"
    user_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    menu_id: Mapped[str] = mapped_column(String(64))
