"""Property-based webhooks, postback data and officer commands (hypothesis), through signed webhooks.

Whatever LINE (or someone holding a valid signature) sends: never a 5xx, every event stored once
and handled to the end, a redelivery changes nothing, and every refused officer action audited.
"""
import collections

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from bot import create_app
from bot.cases import looks_like_ticket_id
from bot.line import inbound
from bot.line.officer_commands import COMMANDS
from storage.models import AuditEntry, Case, InboxEvent, OutboxMessage
from tests.conftest import make_settings
from tests.support import events, hostile
from tests.support.line import LineDriver
from tests.support.officers import linked_officer

FINAL = {"done", "ignored", "rejected", "throttled", "failed"}


@pytest.fixture
def line_fuzz(database_url, fake_line, tmp_path):
    """The line driver on each database, quick to retry so every example settles at once."""
    app = create_app(make_settings(database_url, fake_line, tmp_path, process_attempts=2,
                                   send_attempts=2, drain_wait_seconds=0.05,
                                   user_rate_limit=10_000))
    yield LineDriver(app, fake_line)
    app.extensions["chaeng"].db.dispose()


def inbox_of(line, event_ids) -> collections.Counter:
    """How many stored rows each of these webhookEventIds has, and their statuses."""
    with line.runtime.db.uow() as uow:
        rows = uow.session.execute(select(InboxEvent.webhook_event_id, InboxEvent.status).where(
            InboxEvent.webhook_event_id.in_(list(event_ids)))).all()
    return collections.Counter(rows)


def count(line, model, *where) -> int:
    """How many rows of a table match."""
    with line.runtime.db.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.mark.timeout(300)
def test_any_signed_webhook_body_is_stored_once_handled_to_the_end_and_never_a_5xx(line_fuzz):
    line = line_fuzz

    @given(st.data())
    @hostile.FUZZ
    def check(data):
        user = events.new_user()
        sent = data.draw(st.lists(hostile.webhook_event(user), min_size=1, max_size=4))
        fresh = {e["webhookEventId"] for e in sent if isinstance(e.get("webhookEventId"), str)
                 and e["webhookEventId"].startswith("01") and len(e["webhookEventId"]) == 26}
        answer = line.post(*sent)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        line.drain()
        stored = inbox_of(line, fresh)
        assert sorted(event_id for event_id, _ in stored.elements()) == sorted(fresh), "lost or doubled"
        assert {status for _, status in stored} <= FINAL, f"left unfinished: {stored}"
        outbox = count(line, OutboxMessage)
        again = line.post(*sent)  # LINE redelivers the same body
        assert again.status_code == 200 and again.json["stored"] == 0
        line.drain()
        assert count(line, OutboxMessage) == outbox, "a redelivery was answered again"
    check()


def test_any_postback_data_gets_one_clear_answer_and_never_breaks_a_turn(line_fuzz):
    line = line_fuzz
    actions = st.sampled_from(["confirm", "cancel", "categories", "category", "cases", "case",
                               "anyway", "newreport", "rate", "reopen", "addinfo", "follow",
                               "unfollow", "off", "nonsense", ""])
    fields = st.dictionaries(st.sampled_from(["c", "t", "s", "offset", "to", "a", "x"]),
                             hostile.text(20), max_size=3)
    shaped = st.builds(lambda a, f: "&".join([f"a={a}"] + [f"{k}={v}" for k, v in f.items()]),
                       actions, fields)

    @given(st.one_of(shaped, hostile.text(300)))
    @hostile.FUZZ
    def check(data):
        user = events.new_user()
        tapped = events.postback(user, data)
        line.send(tapped)
        assert inbox_of(line, [tapped["webhookEventId"]]) == {(tapped["webhookEventId"], "done"): 1}
        assert len(line.messages_to(user)) == 1, "one answer per tap"
    check()


def test_officer_commands_with_any_arguments_are_answered_and_a_citizens_are_refused_and_audited(
        line_fuzz):
    line = line_fuzz
    officer = linked_officer(line, "ratchathewi")
    reporter = events.new_user()
    line.say(reporter, "ไฟถนนดับทั้งซอย มืดมาก อันตราย")
    line.send(events.location(reporter, 13.7650, 100.5383))
    line.send(events.postback(reporter, "a=category&c=other"))
    line.send(events.postback(reporter, "a=confirm"))
    with line.runtime.db.uow() as uow:
        ticket = uow.session.scalar(select(Case.ticket_id).where(Case.reporter_id == reporter))
    words = [command.slash for command in COMMANDS] + [c.thai for c in COMMANDS if c.thai]
    guarded = {c.slash: c for c in COMMANDS if c.name not in ("help", "link")}
    thai = {c.thai: c.slash for c in COMMANDS if c.thai}
    args = st.lists(st.one_of(st.just(ticket), st.sampled_from(["bangrak", "2026-ZZZZZZ", "all"]),
                              hostile.text(30)), max_size=3)

    @given(st.sampled_from(words), args, st.booleans())
    @hostile.FUZZ
    def check(word, arguments, as_officer):
        sender = officer if as_officer else events.new_user()
        said = " ".join([word, *arguments])
        refused_before, state_before = count(line, AuditEntry, AuditEntry.outcome == "refused"), state()
        answers_before = len(line.messages_to(sender))
        line.say(sender, said)
        with line.runtime.db.uow() as uow:
            statuses = uow.session.scalars(select(InboxEvent.status).where(
                InboxEvent.user_id == sender).order_by(InboxEvent.id.desc()).limit(1)).all()
        assert statuses == ["done"]
        assert len(line.messages_to(sender)) > answers_before, "every command gets an answer"
        if as_officer:
            return
        assert state() == state_before, "a citizen changed a case with an officer command"
        seen = inbound.clean(said).split()  # what the bot reads once control characters are gone
        command = guarded.get(seen[0]) or guarded.get(thai.get(seen[0], ""))
        # A slash, or a Thai command word followed by a ticket id, is an attempt to act as an officer.
        attempt = seen[0].startswith("/") or (len(seen) > 1 and looks_like_ticket_id(seen[1]))
        if command and len(seen) > len(command.required) and attempt:
            assert count(line, AuditEntry, AuditEntry.outcome == "refused") == refused_before + 1
            assert count(line, AuditEntry, AuditEntry.actor == f"citizen:{sender}") == 1

    def state():
        with line.runtime.db.uow() as uow:
            return uow.session.execute(select(Case.state, Case.agency_id, Case.stars)
                                       .where(Case.ticket_id == ticket)).one()
    check()
