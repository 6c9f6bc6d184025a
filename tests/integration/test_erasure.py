"""Erasure leaves no trace of the LINE user id anywhere in the database, on SQLite and PostgreSQL
built by the migrations (so PostgreSQL's append-only trigger on the audit log is there too)."""
from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import DBAPIError

from bot import create_app
from bot.privacy import pseudonym
from storage.models import AuditEntry, Photo, PrivacyRequest
from tests.conftest import make_settings
from tests.support import events
from tests.support.database import migrated_from_empty
from tests.support.line import LineDriver
from tests.support.privacy import citizen_with_history, full_dump


@pytest.fixture
def migrated(database_url, fake_line, tmp_path):
    """The line driver on a database made by `db upgrade`, as in production."""
    migrated_from_empty(database_url)
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    yield LineDriver(app, fake_line)
    app.extensions["chaeng"].db.dispose()


def erase(line, user: str) -> None:
    """The citizen asks to delete their data and confirms with the card's button."""
    line.send(events.postback(user, "a=erase"))
    line.send(events.postback(user, "a=eraseyes"))
    assert "ลบข้อมูลของคุณแล้ว" in line.last_to(user)["text"]


def test_after_an_erasure_a_full_dump_holds_the_line_user_id_nowhere(migrated, database_url):
    line, user = migrated, events.new_user()
    tickets = citizen_with_history(line, user)
    assert user in full_dump(database_url)  # the dump does see LINE ids where they are kept
    erase(line, user)
    dump = full_dump(database_url)
    assert user not in dump
    assert tickets["neighbour"] in dump and tickets["rated"] in dump  # others and cases remain
    assert "081-234-5678" not in dump  # their case's free text, officers' notes included
    assert "citizen:erased" in dump


def test_erased_photos_leave_the_store_and_public_case_photos_stay(migrated, tmp_path):
    line, user = migrated, events.new_user()
    citizen_with_history(line, user)
    media = tmp_path / "media"
    with line.runtime.db.uow() as uow:
        mine = list(uow.session.scalars(select(Photo).where(Photo.owner_id == user)))
        draft = [p.path for p in mine if p.case_id is None]
        public = {p.id: p.path for p in mine if p.case_id is not None}
    assert draft and public and all((media / path).exists() for path in [*draft, *public.values()])
    erase(line, user)
    assert not any((media / path).exists() for path in draft)
    assert all((media / path).exists() for path in public.values())
    with line.runtime.db.uow() as uow:
        kept = list(uow.session.scalars(select(Photo).where(Photo.id.in_(public))))
        assert len(kept) == len(public) and all(p.owner_id is None and p.case_id for p in kept)
        assert not uow.session.scalars(select(Photo).where(Photo.path.in_(draft))).all()


def test_the_request_is_recorded_as_a_pseudonym_and_the_audit_log_keeps_no_id(migrated):
    line, user = migrated, events.new_user()
    citizen_with_history(line, user)
    erase(line, user)
    with line.runtime.db.uow() as uow:
        request = uow.session.scalar(select(PrivacyRequest))
        assert request.who == pseudonym(line.runtime.settings.secret_key, user)
        assert request.kind == "erasure" and request.done_at and request.finishing_user_id is None
        refused = uow.session.scalar(select(AuditEntry).where(AuditEntry.outcome == "refused"))
        assert (refused.actor, refused.action) == ("citizen:erased", "rate")


def test_the_audit_log_still_refuses_every_other_change(migrated, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("the append-only trigger is PostgreSQL's (SQLite has the ORM guard only)")
    line, user = migrated, events.new_user()
    citizen_with_history(line, user)
    engine = create_engine(database_url)
    attempts = ["UPDATE audit_log SET reason = 'changed'",
                "UPDATE audit_log SET actor = 'citizen:erased', reason = 'x' WHERE actor LIKE 'citizen:%'",
                "UPDATE audit_log SET actor = 'citizen:erased' WHERE actor NOT LIKE 'citizen:%'",
                "DELETE FROM audit_log"]
    for statement in attempts:
        with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    engine.dispose()
