"""The chaos test: a few hundred reports while LINE fails at random and the worker is SIGKILLed.

Signed webhooks go in through the app; the Procfile's worker line runs as a real process that is
killed and restarted mid-run; the fake LINE server fails a seeded share of replies, pushes and
photo downloads with 500, 429 + Retry-After, hang-ups (before and after accepting) and time-outs.
At the end every report made exactly one case, no event was lost, and every outbox message was
delivered once: with DELIVERY=push that is asserted for every message; with the default policy
the messages LINE may or may not have shown (unconfirmed replies) are counted and bounded.
"""
import collections
import os
import threading
import time

import pytest
from sqlalchemy import func, select

from bot import create_app
from storage.models import Case, InboxEvent, OutboxMessage, Photo
from tests.conftest import make_settings
from tests.support import events, images
from tests.support.line import LineDriver
from tests.support.processes import channel_env, kill, start_worker

REPORTS = int(os.environ.get("CHAOS_REPORTS", "200"))
PHOTO_EVERY = 4  # one report in four carries a photo
KILLS = 3  # SIGKILL the worker this many times, spread evenly over the work (not the clock: a faster
           # worker would finish before a timed kill and so never be killed mid-work)
TEXTS = ["ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว", "ไฟถนนดับทั้งซอย มืดมาก อันตราย",
         "น้ำท่วมขังสูง รถเล็กผ่านไม่ได้", "ขยะกองใหญ่ส่งกลิ่นเหม็น ไม่มีใครมาเก็บ",
         "street light broken in front of soi 5"]
FINAL = {"done", "ignored", "failed", "sent", "unconfirmed", "skipped"}


def steps(user: str, index: int, fake) -> list[dict]:
    """The events of one whole report, in the order the citizen sends them."""
    found = [events.text(user, TEXTS[index % len(TEXTS)])]
    if index % PHOTO_EVERY == 0:
        fake.add_content(f"chaos-{index}", images.jpeg(16 + index % 7, 12, with_gps=True))
        found.append(events.image(user, f"chaos-{index}"))
    found += [events.location(user, 13.7650, 100.5383),
              events.postback(user, "a=category&c=other"),
              events.postback(user, "a=confirm")]
    return found


class Supervisor:
    """Keeps one worker process running, as a host does; kills it on request, counts its deaths."""

    def __init__(self, env: dict, log):
        self.env, self.log, self.kills, self.crashes = env, log, 0, 0
        self.process = start_worker(env, log)

    def check(self) -> None:
        """Restart a worker that died on its own (counted: it should not happen)."""
        if self.process.poll() is not None:
            self.crashes += 1
            self.process = start_worker(self.env, self.log)

    def kill_and_restart(self) -> None:
        """SIGKILL the worker mid-work and start a new one."""
        kill(self.process)
        self.kills += 1
        self.process = start_worker(self.env, self.log)

    def stop(self) -> None:
        """Stop the worker for good."""
        kill(self.process)


def post_reports(line, users: list[str], outcomes: collections.Counter) -> int:
    """Send every report's events in signed webhook bodies, several users per body as LINE does."""
    plans = [steps(user, i, line.fake) for i, user in enumerate(users)]
    posted = 0
    for step in range(max(len(plan) for plan in plans)):
        batch = [plan[step] for plan in plans if step < len(plan)]
        for start in range(0, len(batch), 10):
            body = batch[start:start + 10]
            for event in body:
                if event.get("replyToken"):
                    line.fake.register_reply_token(event["replyToken"], event["source"]["userId"])
            status = line.post(*body).status_code
            while status != 200:  # LINE redelivers what was not answered 200
                outcomes[f"webhook {status}"] += 1
                time.sleep(0.2)
                status = line.post(*body).status_code
            posted += len(body)
    return posted


def handled(line) -> int:
    """How many stored events the worker has finished with."""
    with line.runtime.db.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(InboxEvent)
                                  .where(InboxEvent.status.in_(FINAL)))


def settled(line, expected_events: int) -> bool:
    """Whether every event is handled and every outbox message has a final outcome."""
    with line.runtime.db.uow() as uow:
        inbox = dict(uow.session.execute(select(InboxEvent.status, func.count())
                                         .group_by(InboxEvent.status)).all())
        outbox = dict(uow.session.execute(select(OutboxMessage.status, func.count())
                                          .group_by(OutboxMessage.status)).all())
    return sum(inbox.values()) == expected_events and set(inbox) <= FINAL and set(outbox) <= FINAL


def delivered_per_message(line) -> tuple[dict, list]:
    """How many times LINE accepted each outbox row (by its reply token or retry key)."""
    with line.runtime.db.uow() as uow:
        rows = uow.session.execute(select(OutboxMessage.id, OutboxMessage.status,
                                          OutboxMessage.reply_token, OutboxMessage.retry_key)).all()
    by_token = collections.Counter(d.reply_token for d in line.fake.deliveries if d.kind == "reply")
    by_key = collections.Counter(d.retry_key for d in line.fake.deliveries if d.kind == "push")
    return {row.id: by_token.get(row.reply_token, 0) * bool(row.reply_token) + by_key.get(row.retry_key, 0)
            for row in rows}, rows


@pytest.mark.timeout(400)
@pytest.mark.parametrize("delivery", ["push", "reply"])
def test_hundreds_of_reports_survive_line_failures_and_killed_workers(
        database_url, fake_line, tmp_path, delivery):
    settings = make_settings(database_url, fake_line, tmp_path, delivery=delivery)
    line = LineDriver(create_app(settings), fake_line)
    fake_line.chaos(0.12, seed=20261124, timeout_delay=0.8)
    env = channel_env(settings, DELIVERY=delivery, LEASE_SECONDS=3, HTTP_TIMEOUT_SECONDS=0.5,
                      CONTENT_TIMEOUT_SECONDS=0.5, RETRY_BASE_SECONDS=0.2, SEND_ATTEMPTS=10)
    supervisor = Supervisor(env, tmp_path / "worker.log")
    users, outcomes = [events.new_user() for _ in range(REPORTS)], collections.Counter()
    sender = threading.Thread(target=lambda: outcomes.update(posted=post_reports(line, users, outcomes)))
    started = time.monotonic()
    try:
        sender.start()
        expected = 4 * REPORTS + len(range(0, REPORTS, PHOTO_EVERY))  # steps() of every report
        kill_at = [expected * (k + 1) // (KILLS + 1) for k in range(KILLS)]  # a quarter, half, three quarters
        while sender.is_alive() or not settled(line, outcomes["posted"]):
            assert time.monotonic() - started < 300, f"not settled: {outcomes} {fake_line.injected}"
            if supervisor.kills < KILLS and handled(line) >= kill_at[supervisor.kills]:
                supervisor.kill_and_restart()
            supervisor.check()
            time.sleep(0.2)
    finally:
        supervisor.stop()
        sender.join(timeout=60)
    counts, rows = delivered_per_message(line)
    lost = [row for row in rows if counts[row.id] == 0]
    duplicated = [row for row in rows if counts[row.id] > 1]
    print(f"\nchaos ({delivery}, {database_url.split(':')[0]}): {REPORTS} reports, "
          f"{outcomes['posted']} events, {len(rows)} messages in {time.monotonic() - started:.0f} s; "
          f"faults {fake_line.injected}; worker killed {supervisor.kills}x, crashed "
          f"{supervisor.crashes}x; lost {len(lost)}, duplicated {len(duplicated)}, unconfirmed "
          f"{sum(row.status == 'unconfirmed' for row in rows)}; {dict(outcomes)}")
    with line.runtime.db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(InboxEvent)
                                  .where(InboxEvent.status != "done")) == 0, "an event was lost"
        per_user = dict(uow.session.execute(select(Case.reporter_id, func.count())
                                            .group_by(Case.reporter_id)).all())
        photos = uow.session.scalar(select(func.count()).select_from(Photo)
                                    .where(Photo.case_id.is_not(None)))
    assert per_user == {user: 1 for user in users}, "every report made exactly one case"
    assert photos == len(range(0, REPORTS, PHOTO_EVERY))
    assert supervisor.kills == KILLS and sum(fake_line.injected.values()) > 0
    assert not duplicated, "a message reached the citizen twice"
    assert all(row.status in ("sent", "unconfirmed") for row in rows)
    if delivery == "push":
        assert not lost and {d.kind for d in fake_line.deliveries} == {"push"}
    else:
        # Only an unconfirmed reply (no answer, token expired, never pushed) may be missing.
        assert all(row.status == "unconfirmed" for row in lost)
        assert len(lost) <= max(3, len(rows) // 100), "the default policy lost too much"
    line.runtime.db.dispose()
