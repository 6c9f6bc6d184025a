"""Retention: after RETENTION_DAYS (two days here) raw webhook bodies and sent messages are emptied,
the rows stay, rows still being worked on keep theirs, and the audit log is untouched.

The app's clock is moved forward; nothing sleeps."""
from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from bot import create_app, services
from storage.models import AuditEntry, InboxEvent, OutboxMessage, utcnow
from tests.conftest import make_settings
from tests.support import events
from tests.support.casework import move
from tests.support.line import LineDriver
from tests.support.staff import make_case, signed_in

DAYS = 2
COUNTS = re.compile(r"(\d+) inbox event bodies and (\d+) outbox message bodies")


@pytest.fixture
def line(database_url, fake_line, tmp_path):
    """The line driver on SQLite and PostgreSQL, keeping message bodies for two days."""
    app = create_app(make_settings(database_url, fake_line, tmp_path, retention_days=DAYS))
    yield LineDriver(app, fake_line)
    app.extensions["chaeng"].db.dispose()


def rows(runtime) -> tuple[list[SimpleNamespace], list[SimpleNamespace]]:
    """Every inbox and outbox row, oldest first, as plain values."""
    with runtime.db.uow() as uow:
        return tuple([SimpleNamespace(**{c.key: getattr(row, c.key) for c in model.__table__.columns})
                      for row in uow.session.scalars(select(model).order_by(model.id))]
                     for model in (InboxEvent, OutboxMessage))


def retention(line, *flags: str) -> tuple[int, int]:
    """Run `flask --app bot retention run` and read the counts it printed."""
    result = line.app.test_cli_runner().invoke(args=["retention", "run", *flags])
    assert result.exit_code == 0, result.output
    return tuple(int(n) for n in COUNTS.search(result.output).groups())


def audit_log(runtime) -> list[tuple]:
    """The audit log as plain values."""
    with runtime.db.uow() as uow:
        return [(a.id, a.at, a.actor, a.action, a.outcome, a.reason, a.before, a.after)
                for a in uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_old_bodies_are_emptied_and_the_rows_keep_their_id_type_times_and_outcome(line, clock):
    user = events.new_user()
    line.say(user, "ไฟดับหน้าบ้านเลขที่ 99 โทร 081-234-5678")
    with line.runtime.db.uow() as uow:
        move(uow, make_case(line.runtime, reporter=user).ticket_id, "accept", note="รับแล้ว")
        uow.commit()
    line.drain()
    before_inbox, before_outbox = rows(line.runtime)
    audit = audit_log(line.runtime)
    assert retention(line) == (0, 0)  # young rows are kept whole
    clock.travel_to(utcnow() + timedelta(days=DAYS, minutes=1))
    assert retention(line, "--dry-run") == (len(before_inbox), len(before_outbox))
    assert [r.body for r in rows(line.runtime)[0]] == [r.body for r in before_inbox]  # dry: untouched
    assert retention(line) == (len(before_inbox), len(before_outbox))
    inbox, outbox = rows(line.runtime)
    assert [r.body for r in inbox] == [{}] * len(inbox) and [r.messages for r in outbox] == [[]] * len(outbox)
    assert [(r.id, r.event_type, r.event_time, r.received_at, r.status, r.user_id) for r in inbox] == \
        [(r.id, r.event_type, r.event_time, r.received_at, r.status, r.user_id) for r in before_inbox]
    assert [(r.id, r.purpose, r.created_at, r.sent_at, r.status) for r in outbox] == \
        [(r.id, r.purpose, r.created_at, r.sent_at, r.status) for r in before_outbox]
    assert retention(line) == (0, 0)  # nothing left to empty
    assert audit_log(line.runtime) == audit  # append-only, and it holds no message text


def test_rows_still_being_worked_on_keep_their_bodies_and_go_through(line, clock):
    user = events.new_user()
    line.say(user, "สวัสดี")
    waiting = events.text(user, "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้ม")
    assert line.post(waiting).status_code == 200  # stored, not yet handled
    line.fake.register_reply_token(waiting["replyToken"], user)
    with line.runtime.db.uow() as uow:
        services.send(uow, user, [{"type": "text", "text": "queued long ago"}])
        uow.commit()
    clock.travel_to(utcnow() + timedelta(days=DAYS + 1))
    with line.runtime.db.uow() as uow:
        emptied = services.apply_retention(uow, DAYS)
        uow.commit()
    assert emptied == services.Removed(inbox_bodies=1, outbox_messages=1)  # only the finished ones
    line.drain()
    assert "queued long ago" in line.texts_to(user)
    assert "ส่งตำแหน่ง" in line.texts_to(user)  # the waiting event was read and answered


def test_the_worker_applies_retention_by_itself(line, clock):
    user = events.new_user()
    line.say(user, "สวัสดี")
    clock.travel_to(utcnow() + timedelta(days=DAYS + 1))
    line.say(user, "ขอบคุณ")  # the worker's round for this message also does the day's chores
    inbox, outbox = rows(line.runtime)
    assert inbox[0].body == {} and outbox[0].messages == []
    assert inbox[-1].body["message"]["text"] == "ขอบคุณ" and outbox[-1].messages


def test_the_log_pages_and_the_retry_button_cope_with_emptied_rows(line, clock):
    user = events.new_user()
    line.say(user, "สวัสดี")
    case = make_case(line.runtime, reporter=user)
    line.fake.fail_next("push", status=400, body={"message": "The request body has 1 error(s)"})
    with line.runtime.db.uow() as uow:
        move(uow, case.ticket_id, "accept", note="รับเรื่องแล้ว")
        uow.commit()
    line.drain()
    failed = next(r for r in rows(line.runtime)[1] if r.status == "failed")
    clock.travel_to(utcnow() + timedelta(days=DAYS + 1))
    retention(line)
    admin = signed_in(line.app, "a@city.go.th", "admin")
    outbox = admin.get(f"/admin/logs/outbox?ticket={case.ticket_id}")
    assert outbox.status_code == 200 and f'id="outbox-{failed.id}"' in outbox.get_data(as_text=True)
    assert "retry" not in outbox.get_data(as_text=True).split(f'id="outbox-{failed.id}"')[1].split("</tr>")[0]
    assert admin.post(f"/admin/logs/outbox/{failed.id}/retry").status_code == 409
    inbox = admin.get("/admin/logs/inbox")
    assert inbox.status_code == 200 and "สวัสดี" not in inbox.get_data(as_text=True)


def test_retention_empties_a_large_backlog_a_batch_at_a_time(line, clock):
    user = events.new_user()
    for words in ("สวัสดี", "ขอบคุณ", "โอเค"):
        line.say(user, words)
    clock.travel_to(utcnow() + timedelta(days=DAYS + 1))
    batches = []
    while not batches or batches[-1].inbox_bodies:
        with line.runtime.db.uow() as uow:
            batches.append(services.apply_retention(uow, DAYS, limit=1))
            uow.commit()
    assert [b.inbox_bodies for b in batches] == [1, 1, 1, 0]
    assert [r.body for r in rows(line.runtime)[0]] == [{}, {}, {}]
