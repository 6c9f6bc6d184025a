"""Shared fixtures: databases (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), fake LINE, app."""
from __future__ import annotations

import os
import secrets
import time
from datetime import datetime, timezone

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot import create_app
from bot.config import Settings
from bot.runtime import Runtime
from storage import clock as app_clock
from storage.models import Base
from tests.fakes.line_api import FakeLineApi
from tests.support.line import LineDriver

os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
CHANNEL_SECRET = "test-channel-secret"


# A fixed moment for tests about dates: a Wednesday noon in Bangkok, mid-month, so "this week",
# "this month" and "the last N hours" never straddle a boundary whatever day the suite runs.
WEDNESDAY_NOON = datetime(2026, 6, 17, 5, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _clock_put_back():
    """Whatever a test did to the app's clock, the next test starts from the machine's."""
    yield
    app_clock.reset()


@pytest.fixture
def clock():
    """The app's clock moved to WEDNESDAY_NOON (it keeps running); `clock.travel_to` moves it on."""
    app_clock.travel_to(WEDNESDAY_NOON)
    return app_clock


@pytest.fixture(scope="session")
def fake_line_server():
    """One fake LINE API server for the whole run."""
    with FakeLineApi() as fake:
        yield fake


@pytest.fixture
def fake_line(fake_line_server):
    """The fake LINE API, emptied for this test."""
    fake_line_server.reset()
    yield fake_line_server
    # A delayed request still in flight would land in the next test's recordings.
    settle_deadline = time.monotonic() + 5
    while any(r.status is None for r in fake_line_server.requests) and time.monotonic() < settle_deadline:
        time.sleep(0.02)


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this run, or a skip when TEST_DATABASE_URL is unset."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL is not set: PostgreSQL tests skipped")
    url = make_url(base).set(drivername="postgresql+psycopg")
    name = f"chaeng_test_{secrets.token_hex(4)}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """A clean database: a SQLite file always, the PostgreSQL server when configured."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'chaeng.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
    return url


@pytest.fixture
def sqlite_url(tmp_path):
    """A clean SQLite database file, for tests that need not run on PostgreSQL too."""
    url = f"sqlite:///{tmp_path / 'chaeng.db'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    return url


def make_settings(database_url: str, fake: FakeLineApi, tmp_path, **overrides) -> Settings:
    """Settings that point the bot at the fake LINE server and a temporary media folder."""
    values = dict(line_channel_secret=CHANNEL_SECRET, line_channel_access_token=fake.access_token,
                  line_api_base_url=fake.base_url, database_url=database_url,
                  media_dir=str(tmp_path / "media"), retry_base_seconds=0.01,
                  drain_wait_seconds=0.3, http_timeout_seconds=1.0,
                  public_base_url="https://chaeng.example.org")
    values.update(overrides)
    return Settings(**values).completed()


@pytest.fixture
def settings(sqlite_url, fake_line, tmp_path):
    """Settings on SQLite with the fake LINE server."""
    return make_settings(sqlite_url, fake_line, tmp_path)


@pytest.fixture
def app(settings):
    """The Flask app built from test settings."""
    app = create_app(settings)
    yield app
    app.extensions["chaeng"].db.dispose()


@pytest.fixture
def runtime(app) -> Runtime:
    """The app's runtime: settings, database, media store and LINE client."""
    return app.extensions["chaeng"]


@pytest.fixture
def line(app, fake_line) -> LineDriver:
    """Plays LINE against the app: signed webhooks in, the fake LINE server out."""
    return LineDriver(app, fake_line)


@pytest.fixture
def line_each_db(database_url, fake_line, tmp_path) -> LineDriver:
    """The line driver on SQLite and on PostgreSQL, with two processing attempts per event."""
    app = create_app(make_settings(database_url, fake_line, tmp_path, process_attempts=2))
    yield LineDriver(app, fake_line)
    app.extensions["chaeng"].db.dispose()


@pytest.fixture
def app_each_db(database_url, fake_line, tmp_path):
    """The Flask app on SQLite and on PostgreSQL (PostgreSQL refuses what SQLite takes, e.g. NUL)."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    yield app
    app.extensions["chaeng"].db.dispose()


@pytest.fixture
def app_with_subscribers(database_url, fake_line, tmp_path):
    """The app on each database, whose webhook subscribers run on loopback (allowed by name, as
    a city allows its own network)."""
    from tests.fakes.webhook_subscriber import LOOPBACK

    app = create_app(make_settings(database_url, fake_line, tmp_path,
                                   webhook_allowed_private_hosts=LOOPBACK))
    yield app
    app.extensions["chaeng"].db.dispose()
