"""Per-user limits: the pace of messages (a flood is told to slow down once, then not answered for a
while) and the size of a draft report."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import bindparam, func, select

from bot import services
from bot.line import messages as m
from bot.texts import t
from storage.db import UnitOfWork
from storage.models import InboxEvent, LineUser

OK, SLOW_DOWN, QUIET = "ok", "slow_down", "quiet"
PACED = ("message", "postback")  # follow and unfollow are always honoured


def around(uow: UnitOfWork, row: InboxEvent, settings) -> tuple[str, bool]:
    """The event's pace verdict (OK within the user's allowance, SLOW_DOWN for the first event
    over it, QUIET after that) and whether another message of the user follows within the burst
    window and waits its turn; both from one query over the user's events around this one."""
    paced = row.event_type in PACED
    burst = row.event_type == "message" and settings.burst_seconds > 0
    if not row.user_id or not (paced or burst):
        return OK, False
    sent, coming = uow.session.execute(_AROUND, {
        "user": row.user_id, "id": row.id, "at": row.event_time,
        "since": row.event_time - timedelta(seconds=settings.user_rate_window_seconds),
        "until": row.event_time + timedelta(seconds=max(settings.burst_seconds, 0))}).one()
    return (_verdict(sent, settings) if paced else OK), burst and coming > 0


def _around():
    """The query `around` runs, built once: building it cost more CPU than running it."""
    at, row_id = bindparam("at"), bindparam("id")
    earlier = (InboxEvent.event_time < at) | ((InboxEvent.event_time == at) & (InboxEvent.id < row_id))
    later = ((InboxEvent.event_type == "message") & (InboxEvent.id != row_id)
             & InboxEvent.status.in_(("pending", "processing")) & (InboxEvent.event_time >= at))
    return select(func.count().filter(InboxEvent.event_type.in_(PACED) & earlier),
                  func.count().filter(later)).where(
        InboxEvent.user_id == bindparam("user"), InboxEvent.event_time > bindparam("since"),
        InboxEvent.event_time <= bindparam("until"))


_AROUND = _around()


def _verdict(sent: int, settings) -> str:
    """OK under the allowance, SLOW_DOWN exactly at it, QUIET past it."""
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
