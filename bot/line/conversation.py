"""The citizen conversation: the intent step names each turn's input, and one table of
states × inputs picks the step (drawn in conversation.md; a test keeps the drawing true)."""
from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial

from sqlalchemy.orm.attributes import flag_modified

from bot import services
from bot.line import choosing, drafting, followup, intent, mycases, mydata, officer, problems, smalltalk
from bot.line import messages as m
from bot.line import submitting
from bot.line.chat import (ADVANCE, ANY, ASKING, CANCEL_ASKED, CHOOSING, CONFIRMING, DECIDING, DRAFTING,
                           ERASING, HISTORY, IDLE, NEXT, SAME, Chat)
from bot.line.client import LineError
from bot.line.events import Turn
from bot.runtime import Runtime
from bot.texts import detect_language, t
from storage.db import UnitOfWork
from storage.media import BadImage
from storage.models import Conversation, utcnow

log = logging.getLogger(__name__)
LOADING_SECONDS = 20
# Inputs whose words say nothing about the language the user reads ("ok", "👍", a ticket id).
NEUTRAL = ("ack", "emoji", "chatter", "show_case")


class TryLater(Exception):
    """The turn could not be handled now (LINE did not answer); the worker retries it."""


def prepare(runtime: Runtime, turn: Turn) -> None:
    """The slow I/O of a turn, outside any transaction: the loading animation, a photo, a profile."""
    if turn.chat_id is None and (turn.kind == "image" or turn.postback.get("a") == "confirm"):
        _show_loading(runtime, turn.user_id)
    if turn.kind == "image":
        _fetch_photo(runtime, turn)
    elif turn.kind == "follow" and turn.chat_id is None:
        try:
            turn.profile_language = runtime.line.profile_language(turn.user_id)
        except LineError as error:  # greet in Thai rather than not at all
            log.info("no profile language: %s", error)


def handle(uow: UnitOfWork, runtime: Runtime, turn: Turn) -> None:
    """Run one turn of the conversation and queue its answer in the same transaction."""
    if officer.takes(uow, turn):  # officer commands, groups and their buttons
        return officer.handle(uow, runtime, turn)
    user = services.ensure_user(uow, turn.user_id)
    convo = uow.session.get(Conversation, turn.user_id, with_for_update=True) or \
        _new_conversation(uow, turn.user_id)
    draft = dict(convo.draft or {})
    chat = Chat(uow, runtime, turn, user, convo, user.language, draft, dict(draft.pop(HISTORY, {})))
    _expire_idle_draft(chat)
    said = intent.decide(turn, convo.state, chat.draft, user.blocked)
    if said not in NEUTRAL and turn.kind == "text":
        chat.lang = services.ensure_user(uow, turn.user_id, detect_language(turn.text)).language
    if said not in ("cancel", "tap_cancel"):
        chat.draft.pop(CANCEL_ASKED, None)  # "cancel it?" was answered by doing something else
    step, targets = route(convo.state, said)
    before = convo.state
    after = step(chat) or convo.state
    if after not in allowed(targets, before):
        raise RuntimeError(f"step {step_name(step)} went from {before} to {after} on {said}")
    convo.state, convo.updated_at = after, turn.event_time
    convo.draft = {**chat.draft, HISTORY: chat.history} if chat.history else chat.draft
    flag_modified(convo, "draft")
    outgoing = chat.out + ([] if turn.more_coming else chat.prompts)  # a burst gets one answer
    if outgoing and user.following:
        services.send(uow, turn.user_id, outgoing, reply_token=turn.reply_token,
                      reply_until=services.reply_window(
                          turn.event_time, runtime.settings.reply_token_seconds))


def route(state: str, said: str):
    """The step for this input in this state, and the states it may lead to."""
    return TRANSITIONS.get((state, said)) or TRANSITIONS[(ANY, said)]


def allowed(targets: tuple, state: str) -> set[str]:
    """The states a row's targets stand for, from this state."""
    names = {state if target == SAME else target for target in targets if target != NEXT}
    return names | (set(ADVANCE) if NEXT in targets else set())


def step_name(step) -> str:
    """A step's name as the diagram shows it."""
    step = step.func if isinstance(step, partial) else step
    return step.__name__


def _show_loading(runtime: Runtime, user_id: str) -> None:
    """Show LINE's typing dots while the bot works; a failure only costs the animation."""
    try:
        runtime.line.show_loading(user_id, LOADING_SECONDS)
    except LineError as error:
        log.info("loading animation not shown: %s", error)


def _fetch_photo(runtime: Runtime, turn: Turn) -> None:
    """Download and store an image turn's photo; a problem becomes the key of the sentence to say."""
    if turn.content_provider != "line" or not turn.message_id:
        turn.image_problem = "photo_external"
        return
    try:
        content = runtime.line.content(turn.message_id, runtime.settings.max_photo_bytes)
        turn.image = runtime.media.save_image(content.data, runtime.settings.max_photo_bytes)
    except LineError as error:
        if error.retryable:
            raise TryLater(str(error)) from None
        turn.image_problem = "photo_too_big" if error.status == 413 else "photo_lost"  # 404/410: gone
    except BadImage as error:
        turn.image_problem = f"photo_{error.kind}"


def _expire_idle_draft(chat: Chat) -> None:
    """Forgets a draft left untouched for longer than the timeout."""
    timeout = timedelta(seconds=chat.runtime.settings.draft_timeout_seconds)
    if chat.draft and chat.turn.event_time - chat.convo.updated_at > timeout:
        chat.close_draft("expired")
        chat.convo.state = IDLE
        if chat.turn.kind not in ("follow", "unfollow"):
            chat.say(m.text(t("draft_expired", chat.lang)))


def _new_conversation(uow: UnitOfWork, user_id: str) -> Conversation:
    """Start a user's conversation row."""
    convo = Conversation(user_id=user_id, state=IDLE, draft={}, updated_at=utcnow())
    uow.session.add(convo)
    uow.session.flush()
    return convo


def _small(kind: str):
    """The small-talk step for one kind of chatter."""
    return partial(smalltalk.answer_small_talk, kind=kind)


# --- the table: (state, input) -> (step, states it may lead to) ---------------------------------
# ANY matches every state that has no row of its own; SAME means "stays where it was".

_ADVANCES = (NEXT, SAME)  # moves the draft on, or stays (a limit, a photo that failed)
TRANSITIONS = {
    (ANY, "follow"): (smalltalk.greet, (SAME,)),
    (ANY, "unfollow"): (smalltalk.farewell, (SAME,)),
    (ANY, "blocked"): (smalltalk.refuse_blocked, (IDLE,)),
    **{(ANY, kind): (_small(kind), (SAME,)) for kind in smalltalk.REPLIES},
    (ANY, "help"): (smalltalk.show_help, (SAME,)),
    (ANY, "tap_help"): (smalltalk.show_help, (SAME,)),
    (ANY, "unsupported"): (smalltalk.unsupported, (SAME,)),
    (ANY, "tap_invalid"): (smalltalk.stale_button, (SAME,)),
    (ANY, "tap_off"): (smalltalk.stale_button, (SAME,)),  # an officer's button, tapped by a citizen
    (ANY, "my_cases"): (mycases.my_cases, (SAME,)),
    (ANY, "tap_cases"): (mycases.my_cases, (SAME,)),
    (ANY, "show_case"): (mycases.show_case, (SAME,)),
    (ANY, "tap_case"): (mycases.show_case, (SAME,)),
    (ANY, "report"): (drafting.add_text, _ADVANCES),
    (ANY, "photo"): (drafting.add_photo, _ADVANCES),
    (ANY, "location"): (drafting.add_location, _ADVANCES),
    (ANY, "new_report"): (drafting.start_report, (NEXT,)),
    (ANY, "tap_newreport"): (drafting.start_report, (NEXT,)),
    (ANY, "tap_anyway"): (drafting.report_anyway, _ADVANCES),
    (ANY, "other_problem"): (problems.ask_same_or_new, (DECIDING,)),
    (ANY, "tap_same"): (problems.already_answered, (SAME,)),
    (ANY, "tap_split"): (problems.already_answered, (SAME,)),
    (DECIDING, "tap_same"): (problems.keep_in_report, _ADVANCES),
    (DECIDING, "tap_split"): (problems.start_new, _ADVANCES),
    (DECIDING, "report"): (problems.remind, (DECIDING,)),
    (DECIDING, "confirm"): (problems.remind, (DECIDING,)),  # first the question, or words get lost
    (DECIDING, "tap_confirm"): (problems.remind, (DECIDING,)),
    (DECIDING, "other_problem"): (problems.remind, (DECIDING,)),
    (DECIDING, "photo"): (problems.photo_meanwhile, (DECIDING,)),
    (DECIDING, "location"): (problems.location_meanwhile, (DECIDING,)),
    (ANY, "tap_categories"): (choosing.offer_categories, _ADVANCES),
    (ANY, "tap_allcats"): (choosing.show_all_categories, (CHOOSING, SAME)),
    (ANY, "tap_category"): (choosing.pick_category, _ADVANCES),
    (ANY, "confirm"): (submitting.not_ready, _ADVANCES),
    (ANY, "tap_confirm"): (submitting.not_ready, _ADVANCES),
    (CONFIRMING, "confirm"): (submitting.confirm, (IDLE, NEXT, SAME)),
    (CONFIRMING, "tap_confirm"): (submitting.confirm, (IDLE, NEXT, SAME)),
    (ANY, "cancel"): (submitting.cancel, (IDLE, *_ADVANCES)),
    (ANY, "tap_cancel"): (submitting.cancel, (IDLE, *_ADVANCES)),
    (ANY, "tap_keep"): (submitting.keep, _ADVANCES),
    (ANY, "keep"): (submitting.keep, _ADVANCES),
    (DECIDING, "tap_keep"): (problems.remind, (DECIDING,)),
    (ASKING, "answer"): (followup.answer, (IDLE, DRAFTING)),
    (ANY, "reopen_text"): (followup.reopen, (SAME, ASKING, IDLE)),
    (ANY, "addinfo_text"): (followup.add_information, (SAME, ASKING, IDLE)),
    (ANY, "tap_reopen"): (followup.tap_reopen, (ASKING,)),
    (ANY, "tap_addinfo"): (followup.tap_add_information, (ASKING,)),
    (ANY, "tap_rate"): (followup.rate, (SAME,)),
    (ANY, "tap_follow"): (followup.follow, (SAME, IDLE)),
    (ANY, "tap_unfollow"): (followup.unfollow, (SAME,)),
    (ANY, "tap_map"): (followup.show_on_map, (SAME,)),
    (ANY, "tap_stars"): (followup.ask_stars, (SAME,)),
    (ANY, "my_data"): (mydata.show_my_data, (SAME,)),
    (ANY, "tap_mydata"): (mydata.show_my_data, (SAME,)),
    (ANY, "data_copy"): (mydata.send_copy, (SAME,)),
    (ANY, "tap_datacopy"): (mydata.send_copy, (SAME,)),
    (ANY, "erase_data"): (mydata.ask_erase, (ERASING,)),
    (ANY, "tap_erase"): (mydata.ask_erase, (ERASING,)),
    (ERASING, "erase_yes"): (mydata.erase, (IDLE, NEXT)),
    (ERASING, "tap_eraseyes"): (mydata.erase, (IDLE, NEXT)),
    (ANY, "tap_eraseyes"): (mydata.erase_not_asked, (SAME,)),
    (ERASING, "erase_no"): (mydata.keep_data, (IDLE, NEXT)),
    (ERASING, "tap_erasekeep"): (mydata.keep_data, (IDLE, NEXT)),
    (ANY, "tap_erasekeep"): (mydata.keep_data, (SAME,)),
}
