"""Per-user limits: the pace of messages (a flood is told to slow down once, then not answered for a
while) and the size of a draft report."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot import services
from bot.line import messages as m
from bot.texts import t
from storage.db import UnitOfWork
from storage.models import InboxEvent, LineUser

OK, SLOW_DOWN, QUIET = "ok", "slow_down", "quiet"
PACED = ("message", "postback")  # follow and unfollow are always honoured


def pace(uow: UnitOfWork, row: InboxEvent, settings) -> str:
    """OK within the user's allowance, SLOW_DOWN for the first event over it, QUIET after that."""
    if row.event_type not in PACED or not row.user_id:
        return OK
    since = row.event_time - timedelta(seconds=settings.user_rate_window_seconds)
    earlier = (InboxEvent.event_time < row.event_time) | (
        (InboxEvent.event_time == row.event_time) & (InboxEvent.id < row.id))
    sent = uow.session.scalar(select(func.count()).select_from(InboxEvent).where(
        InboxEvent.user_id == row.user_id, InboxEvent.event_type.in_(PACED),
        InboxEvent.event_time > since, earlier))
    if sent < settings.user_rate_limit:
        return OK
    return SLOW_DOWN if sent == settings.user_rate_limit else QUIET


def hold_back(uow: UnitOfWork, runtime, turn, verdict: str) -> None:
    """Drop a turn over the user's pace, asking them once (with the free reply) to slow down."""
    if verdict != SLOW_DOWN:
        return
    user = uow.session.get(LineUser, turn.user_id)
    if user is not None and not user.following:
        return
    seconds = runtime.settings.user_rate_window_seconds
    lang = user.language if user else "th"
    services.send(uow, turn.user_id, [m.text(t("slow_down", lang, seconds=seconds))],
                  reply_token=turn.reply_token, purpose="pace",
                  reply_until=services.reply_window(turn.event_time,
                                                    runtime.settings.reply_token_seconds))


def draft_limits(settings) -> dict:
    """How many texts, characters and photos one report may hold."""
    return {"texts": settings.draft_max_texts, "chars": settings.draft_max_chars,
            "photos": settings.draft_max_photos}


def room_for_photo(draft: dict, settings) -> bool:
    """Whether the draft can take one more photo."""
    return len(draft.get("photo_ids", [])) < settings.draft_max_photos


def fit_text(draft: dict, settings, text: str) -> str:
    """As much of the text as the draft still has room for ('' when it can take no more texts)."""
    texts = draft.get("texts", [])
    if len(texts) >= settings.draft_max_texts:
        return ""
    return text[:max(0, settings.draft_max_chars - sum(map(len, texts)))]
