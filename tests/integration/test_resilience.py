"""A database that restarts, a LINE content API that fails, logs that keep user ids out."""
import logging
import time

import pytest
from sqlalchemy import create_engine, func, select, text

from bot import create_app
from storage.db import IDLE_PING_SECONDS, Database
from storage.models import InboxEvent, Photo
from tests.conftest import make_settings
from tests.support import events, images
from tests.support.line import LineDriver


@pytest.fixture
def line_on(database_url, fake_line, tmp_path):
    """The line driver on each database, with few processing attempts."""
    app = create_app(make_settings(database_url, fake_line, tmp_path, process_attempts=2))
    yield LineDriver(app, fake_line)
    app.extensions["chaeng"].db.dispose()


def drop_connections(database_url: str) -> None:
    """What a PostgreSQL restart does to every pool: close each open connection from the server."""
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    admin.dispose()


def test_the_bot_carries_on_after_the_database_drops_its_connections(line_on, database_url):
    user = events.new_user()
    line_on.say(user, "ถนนเป็นหลุม")
    if database_url.startswith("postgresql"):
        drop_connections(database_url)
    line_on.say(user, "ยกเลิก")
    assert "ยกเลิก" in line_on.last_to(user)["text"]


def test_a_webhook_just_after_a_restart_is_stored_after_one_reconnect_not_refused(
        line_on, database_url, caplog):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite has no server to restart")
    user = events.new_user()
    assert line_on.post(events.text(user, "ถนนเป็นหลุม")).status_code == 200  # a pooled connection
    drop_connections(database_url)
    with caplog.at_level(logging.WARNING):
        answer = line_on.post(events.text(user, "ไฟดับ"))
        again = line_on.post(events.text(user, "น้ำท่วม"))
    assert (answer.status_code, answer.json["stored"]) == (200, 1)
    assert (again.status_code, again.json["stored"]) == (200, 1)
    reconnects = [r for r in caplog.records if "writing again" in r.getMessage()]
    assert len(reconnects) == 1, "one reconnect for the restart, none for the next webhook"
    with line_on.runtime.db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(InboxEvent)) == 3


def test_a_photo_download_that_fails_once_is_retried_and_kept(line_on):
    user = events.new_user()
    line_on.fake.add_content("31", images.jpeg())
    line_on.fake.fail_next("content", status=500)
    line_on.send(events.image(user, "31"))
    with line_on.runtime.db.uow() as uow:
        assert uow.session.scalar(select(Photo.line_message_id).where(Photo.owner_id == user)) == "31"


def test_when_line_keeps_failing_the_user_is_told_and_the_event_kept(line_on):
    user = events.new_user()
    line_on.fake.fail_next("content", status=503, times=5)
    line_on.send(events.image(user, "32"))
    assert "ลองใหม่" in line_on.last_to(user)["text"]
    with line_on.runtime.db.uow() as uow:
        row = uow.session.scalars(select(InboxEvent)).one()
        assert (row.status, row.attempts) == ("failed", 2) and "503" in row.error


def test_info_logs_never_show_a_reporters_line_id(line_on, caplog):
    user = events.new_user()
    line_on.fake.add_content("33", images.jpeg())
    with caplog.at_level(logging.DEBUG):  # (the routine webhook line is DEBUG)
        line_on.say(user, "ไฟดับ โทร 0812345678")
        line_on.send(events.image(user, "33"))
        line_on.send(events.location(user, 13.7650, 100.5383))
    assert caplog.records, "the flow does log"
    logged = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    assert user not in logged and "0812345678" not in logged


def test_a_connection_the_database_dropped_while_it_was_idle_is_replaced_before_use(postgres_url):
    db = Database(postgres_url)
    try:
        with db.uow() as uow:  # a connection into the pool
            uow.session.execute(text("SELECT 1"))
        drop_connections(postgres_url)
        time.sleep(IDLE_PING_SECONDS + 0.2)
        with db.uow() as uow:  # no error: pinged, found dead, replaced
            assert uow.session.execute(text("SELECT 1")).scalar() == 1
    finally:
        db.dispose()
