"""Agencies, routing, officers, permissions, hand-off times and the audit log on a real database."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, func, select, text, update

from bot import services
from bot.permissions import Actor
from storage.db import Database
from storage.models import (Agency, AuditEntry, AuditLogIsAppendOnly, Case, CaseEvent, Follower,
                            Handoff, LinkCode, Officer, RoutingRule, utcnow)

ADMIN = Actor.admin("test")


@pytest.fixture
def db(database_url):
    """The database behind the services."""
    database = Database(database_url)
    yield database
    database.dispose()


def new_case(db, district="ราชเทวี", categories=("ถนน",), reporter="Ureporter"):
    """A citizen's case through the same service the chat uses; returns its ticket id."""
    with db.uow() as uow:
        services.ensure_user(uow, reporter)
        case = services.submit_report(uow, reporter, description="ถนนเป็นหลุม",
                                      categories=list(categories), latitude=13.765,
                                      longitude=100.538, address=None, district=district,
                                      subdistrict=None, photo_ids=[])
        uow.commit()
        return case.ticket_id


def officer_of(db, agency: str, line_id: str | None = None) -> Actor:
    """A linked officer of an agency, as an Actor."""
    with db.uow() as uow:
        officer, code = services.add_officer(uow, "Officer", agency, ADMIN)
        uow.commit()
    with db.uow() as uow:
        officer = services.link_officer(uow, code, line_id or f"U{agency}{officer.id}")
        uow.commit()
        return services.officer_actor(officer)


def test_a_new_database_has_the_50_district_offices_the_departments_and_the_triage_desk(db):
    with db.uow() as uow:
        kinds = dict(uow.session.execute(select(Agency.kind, func.count()).group_by(Agency.kind)).all())
        codes = set(uow.session.scalars(select(Agency.code)))
        rules = uow.session.scalar(select(func.count()).select_from(RoutingRule))
    assert kinds["district"] == 50 and kinds["triage"] == 1 and kinds["utility"] == 2
    assert {"publicworks", "drainage", "traffic", "environment", "enforcement", "mea", "mwa",
            "ratchathewi", "triage"} <= codes
    assert rules == 50 + 1 + 1  # one default per district, overhead wires to MEA, the wildcard


def test_a_case_is_routed_to_its_district_office_and_one_without_a_district_to_triage(db):
    routed, unknown = new_case(db), new_case(db, district=None)
    wires = new_case(db, categories=("สายไฟ",))
    with db.uow() as uow:
        agencies = {c.ticket_id: c.agency.code for c in uow.session.scalars(select(Case))}
    assert agencies == {routed: "ratchathewi", unknown: "triage", wires: "mea"}


def test_a_disabled_agency_is_passed_by_and_its_cases_go_to_triage(db):
    with db.uow() as uow:
        services.set_agency_enabled(uow, "ratchathewi", False, ADMIN)
        uow.commit()
    ticket = new_case(db)
    with db.uow() as uow:
        assert services.find_case(uow, ticket).agency.code == "triage"


def test_the_audit_log_cannot_be_changed_or_deleted_by_the_application(db):
    new_case(db)
    with db.uow() as uow:
        services.add_agency(uow, "canals", "สำนักคลอง", "Canals", "department", ADMIN)
        uow.commit()
    with db.uow() as uow:
        entry = uow.session.scalars(select(AuditEntry)).first()
        entry.reason = "rewritten"
        with pytest.raises(AuditLogIsAppendOnly):
            uow.session.flush()
    with db.uow() as uow:
        uow.session.delete(uow.session.scalars(select(AuditEntry)).first())
        with pytest.raises(AuditLogIsAppendOnly):
            uow.session.flush()


def test_time_to_accept_and_to_finish_are_kept_per_agency_hand_off(db):
    ticket = new_case(db)
    district, drainage = officer_of(db, "ratchathewi"), officer_of(db, "drainage")
    with db.uow() as uow:
        services.accept(uow, ticket, district)
        services.forward(uow, ticket, "drainage", district, "ต้องลอกท่อ")
        uow.commit()
    with db.uow() as uow:
        services.accept(uow, ticket, drainage)
        photo = services.add_photo(uow, None, _image(), kind="after")
        services.finish(uow, ticket, drainage, "เรียบร้อย", [photo.id])
        uow.commit()
    with db.uow() as uow:
        case = services.find_case(uow, ticket)
        first, second = uow.session.scalars(select(Handoff).where(Handoff.case_id == case.id)
                                            .order_by(Handoff.id)).all()
        assert (first.agency_id, second.agency_id) != (None, None)
        assert first.assigned_at <= first.accepted_at <= first.forwarded_at == first.ended_at
        assert second.assigned_at <= second.accepted_at <= second.finished_at == second.ended_at
        assert set(case.state_times) >= {"waiting", "in_progress", "forwarded", "finished"}


def test_a_case_is_never_finished_without_a_photo(db):
    ticket = new_case(db)
    officer = officer_of(db, "ratchathewi")
    with db.uow() as uow:
        services.accept(uow, ticket, officer)
        with pytest.raises(services.MissingPhoto):
            services.finish(uow, ticket, officer, "done", [])
        assert services.find_case(uow, ticket).state == "in_progress"


def test_an_invited_agency_may_update_the_case_but_not_close_it(db):
    ticket = new_case(db)
    district, mwa = officer_of(db, "ratchathewi"), officer_of(db, "mwa")
    with db.uow() as uow:
        services.accept(uow, ticket, district)
        services.invite(uow, ticket, "mwa", district)
        uow.commit()
    with db.uow() as uow:
        services.update(uow, ticket, mwa, "ซ่อมท่อประปาแล้ว")
        with pytest.raises(services.Refused):
            services.reject(uow, ticket, mwa, "ไม่ใช่งานเรา")
        uow.commit()
    with db.uow() as uow:
        assert services.find_case(uow, ticket).state == "in_progress"
        refused = uow.session.scalars(select(AuditEntry).where(AuditEntry.outcome == "refused")).one()
        assert (refused.action, refused.actor, refused.before["state"]) == \
            ("reject", mwa.label, "in_progress")


def test_forwarding_a_case_back_round_a_loop_is_refused(db):
    ticket = new_case(db)
    district, drainage = officer_of(db, "ratchathewi"), officer_of(db, "drainage")
    with db.uow() as uow:
        services.forward(uow, ticket, "drainage", district, "ท่อ")
        uow.commit()
    with db.uow() as uow:
        with pytest.raises(services.Refused):
            services.forward(uow, ticket, "ratchathewi", drainage, "คืน")
        uow.commit()
    with db.uow() as uow:
        assert services.find_case(uow, ticket).agency.code == "drainage"


def test_a_link_code_works_once_and_not_after_a_day(db):
    with db.uow() as uow:
        _, code = services.add_officer(uow, "A", "bangrak", ADMIN)
        _, late = services.add_officer(uow, "B", "bangrak", ADMIN)
        uow.commit()
    with db.uow() as uow:
        services.link_officer(uow, code, "Ufirst")
        uow.session.execute(update(LinkCode).where(LinkCode.used_at.is_(None))
                            .values(expires_at=utcnow() - timedelta(seconds=1)))
        uow.commit()
    for attempt in (code, late):
        with db.uow() as uow:
            with pytest.raises(services.Refused):
                services.link_officer(uow, attempt, "Usecond")
            uow.commit()
    with db.uow() as uow:
        assert services.officer_by_line_id(uow, "Usecond") is None


def test_a_disabled_officer_can_no_longer_act(db):
    ticket = new_case(db)
    officer = officer_of(db, "ratchathewi", "Udisabled")
    with db.uow() as uow:
        services.set_officer_enabled(uow, int(officer.ref), False, ADMIN)
        uow.commit()
    with db.uow() as uow:
        assert services.officer_by_line_id(uow, "Udisabled") is None
        disabled = services.officer_actor(uow.session.get(Officer, int(officer.ref)))
        with pytest.raises(services.Refused):
            services.accept(uow, ticket, disabled)


def test_a_staff_correction_of_the_category_is_recorded_for_the_classifier(db):
    ticket = new_case(db, categories=("ถนน",))
    officer = officer_of(db, "ratchathewi")
    with db.uow() as uow:
        services.change_category(uow, ticket, ["ทางเท้า"], officer)
        uow.commit()
    with db.uow() as uow:
        case = services.find_case(uow, ticket)
        events = {e.action: e.data for e in uow.session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id))}
        assert case.categories == ["ทางเท้า"]
    assert events["create"]["categories"] == ["ถนน"]
    assert events["recategorize"] == {"from": ["ถนน"], "to": ["ทางเท้า"]}


def test_the_reporter_of_a_duplicate_follows_the_original(db):
    original, copy = new_case(db), new_case(db, reporter="Usecondreporter")
    officer = officer_of(db, "ratchathewi")
    with db.uow() as uow:
        services.mark_duplicate(uow, copy, original, officer)
        uow.commit()
    with db.uow() as uow:
        assert services.find_case(uow, copy).state == "duplicate"
        assert uow.session.scalar(select(Follower.user_id)) == "Usecondreporter"


def test_a_case_closed_more_than_fourteen_days_ago_cannot_be_reopened(db):
    ticket = new_case(db)
    with db.uow() as uow:
        case = services.find_case(uow, ticket)
        services.reject(uow, ticket, ADMIN, "ไม่ใช่ปัญหา")
        case.state_times = {**case.state_times,
                            "rejected": (utcnow() - timedelta(days=15)).isoformat()}
        uow.commit()
    with db.uow() as uow:
        with pytest.raises(services.Refused):
            services.reopen(uow, ticket, "Ureporter", "ยังไม่แก้")
        uow.commit()
    with db.uow() as uow:
        assert services.find_case(uow, ticket).reopen_count == 0


def test_stars_outside_one_to_five_are_refused(db):
    ticket = new_case(db)
    with db.uow() as uow:
        with pytest.raises(ValueError):
            services.rate(uow, ticket, "Ureporter", 6)


def _image():
    """A stored-image record for a photo that need not exist on disk."""
    from storage.media import StoredImage

    return StoredImage(path="ab/after.jpg", sha256="0" * 64, content_type="image/jpeg", width=4,
                       height=3, size=100)


def test_on_postgresql_even_plain_sql_cannot_change_the_audit_log(postgres_url):
    from alembic import command

    from bot.cli import alembic_config

    engine = create_engine(postgres_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    command.upgrade(alembic_config(postgres_url), "head")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO audit_log (at, actor, action, outcome, before, after)"
                                " VALUES (now(), 'admin:x', 'test', 'done', '{}', '{}')"))
    with pytest.raises(Exception, match="append-only"):
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_log"))
    with engine.begin() as connection:  # leave the shared database as the other tests expect it
        connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    engine.dispose()


def test_an_officers_queue_shows_their_own_cases_first_then_new_work_latest_arrival_first(db, clock):
    me, colleague = officer_of(db, "ratchathewi"), officer_of(db, "ratchathewi")
    bangrak, now = officer_of(db, "bangrak"), clock.now()
    clock.travel_to(datetime(2022, 3, 1, 3, 0, tzinfo=timezone.utc))
    imported = [new_case(db) for _ in range(3)]  # years-old backlog, never taken
    clock.travel_to(now - timedelta(days=30))
    passed_on = new_case(db, district="บางรัก")
    clock.travel_to(now - timedelta(days=10))
    mine_earlier = new_case(db)
    act(db, "accept", mine_earlier, me)
    clock.travel_to(now - timedelta(days=2))
    theirs, yesterdays = new_case(db), new_case(db)
    act(db, "accept", theirs, colleague)
    clock.travel_to(now - timedelta(hours=1))
    with db.uow() as uow:  # reported a month ago, with this office only since an hour ago
        services.forward(uow, passed_on, "ratchathewi", bangrak, "อยู่ในเขตราชเทวี")
        uow.commit()
    clock.travel_to(now)
    mine_today, todays = new_case(db), new_case(db)
    act(db, "accept", mine_today, me)
    with db.uow() as uow:
        officer = uow.session.get(Officer, int(me.ref))
        pages = {which: services.queue_page(uow, officer, which)
                 for which in ("", "new", "mine", "inprogress", "all")}
        shown = {which: [c.ticket_id for c in page.cases] for which, page in pages.items()}
    new = [todays, passed_on, yesterdays, *reversed(imported)]
    assert shown[""] == [mine_earlier, mine_today, *new]
    assert shown["new"] == new and shown["mine"] == [mine_earlier, mine_today]
    assert shown["inprogress"] == [mine_earlier, mine_today, theirs]
    assert shown["all"] == [mine_earlier, mine_today, *new, theirs]
    assert pages[""].counts == {"mine": 2, "new": 6, "others": 1}
    assert [pages[which].total for which in ("", "new", "mine", "inprogress", "all")] == [8, 6, 2, 3, 9]


def test_a_queue_pages_through_every_case_once(db):
    me = officer_of(db, "ratchathewi")
    tickets = {new_case(db) for _ in range(7)}
    with db.uow() as uow:
        officer = uow.session.get(Officer, int(me.ref))
        first = services.queue_page(uow, officer, "new", 0, limit=4)
        second = services.queue_page(uow, officer, "new", 4, limit=4)
        seen = [c.ticket_id for c in first.cases + second.cases]
    assert len(first.cases) == 4 and len(second.cases) == 3 and first.total == second.total == 7
    assert set(seen) == tickets and len(seen) == 7


def act(db, action: str, ticket: str, actor: Actor) -> None:
    """Take an action on a case as an officer, in its own transaction."""
    with db.uow() as uow:
        getattr(services, action)(uow, ticket, actor)
        uow.commit()
