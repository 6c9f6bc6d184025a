"""The admin dashboard in a real headless Chromium, against gunicorn and the worker processes."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from urllib.parse import urlparse

import pytest
from sqlalchemy import select

from alembic import command

from bot import services
from bot.cli import alembic_config
from bot.permissions import Actor
from bot.runtime import Runtime
from storage.models import Case, OutboxMessage
from tests.conftest import make_settings
from tests.e2e.test_simulator import (ROOT, browser_page, free_port,  # noqa: F401 (fixture)
                                      photo, serving_processes)
from tests.support import city
from tests.support.browser import screenshot_folder
from tests.support.processes import channel_env

SCREENSHOTS = screenshot_folder()
TICKET = re.compile(r"\d{4}-[0-9A-Z]{6}")
WAIT_MS = 30_000
DESK = {"width": 1000, "height": 800}


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, fake_line_server):
    """gunicorn and the worker on a seeded city, talking to the fake LINE server, with a failed
    push, and an admin, an operator and a supervisor made with `flask admins add`. Shared by this
    module's tests (each works on its own cases), since seeding and starting take a while."""
    tmp_path, fake_line = tmp_path_factory.mktemp("dashboard"), fake_line_server
    port = free_port()
    settings = make_settings(f"sqlite:///{tmp_path / 'chaeng.db'}", fake_line, tmp_path,
                             public_base_url=f"http://127.0.0.1:{port}")
    # A tile server that does not answer: the map must fall back to its plain background offline.
    env = channel_env(settings, PORT=port, CHAENG_INSTANCE_DIR=tmp_path, PYTHONUNBUFFERED=1,
                      MAP_TILE_URL="http://127.0.0.1:9/{z}/{x}/{y}.png", PYTHAINLP_OFFLINE=1,
                      PYTHAINLP_READ_ONLY=1)
    env.pop("SECRET_KEY", None)
    runtime = Runtime.build(settings)
    # Seed before the processes start: on SQLite, one writer at a time is the honest setup.
    command.upgrade(alembic_config(settings.database_url), "head")
    tickets = city.build(runtime)
    failed = _failed_push(runtime, tickets[1])
    people = {role: (f"{role}@city.go.th", _add_staff(env, f"{role}@city.go.th", role))
              for role in ("admin", "operator")}
    people["supervisor"] = ("supervisor@city.go.th", _add_staff(
        env, "supervisor@city.go.th", "supervisor", "--agency", _agency_of(runtime, tickets[5])))
    with serving_processes(env, port, tmp_path) as (base, _logs):
        yield base, runtime, tickets, failed, people
    runtime.db.dispose()


def _add_staff(env: dict, email: str, role: str, *more: str) -> str:
    """`flask --app bot admins add EMAIL --role ROLE`, as an operator would; return the password."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "bot", "admins", "add", email,
                           "--role", role, *more], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return re.search(r"password \(shown once.*\): (\S+)", done.stdout).group(1)


def _agency_of(runtime, ticket: str) -> str:
    """The code of the agency responsible for a case now."""
    with runtime.db.uow() as uow:
        return services.find_case(uow, ticket).agency.code


def _failed_push(runtime, ticket: str) -> int:
    """A status push that LINE refused for good earlier (as the worker records it)."""
    with runtime.db.uow() as uow:
        case = services.find_case(uow, ticket)
        row, = services.send(uow, case.reporter_id, [{"type": "text", "text": "อัปเดตสถานะ"}],
                             purpose="status", case_id=case.id)
        uow.session.flush()
        row.status, row.attempts, row.error = "failed", 6, "LINE answered 500"
        uow.commit()
        return row.id


def sign_in(page, base: str, email: str, password: str):
    """Open the dashboard and sign in through the form; return the page."""
    from playwright.sync_api import expect

    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    page.goto(f"{base}/admin/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.click("#sign-in button[type=submit]")
    return page


def test_an_admin_finds_and_moderates_cases_and_retries_a_failed_push(dashboard, browser_page):
    from playwright.sync_api import expect

    base, runtime, tickets, failed_id, people = dashboard
    page = sign_in(browser_page, base, *people["admin"])
    expect(page.locator("#count")).to_contain_text(re.compile(r"4\d เรื่อง"))

    page.select_option("#filters select[name=district]", "ราชเทวี")
    page.select_option("#filters select[name=state]", "finished")
    page.click("#filters button[type=submit]")
    rows = page.locator("#cases tbody tr")
    expect(rows.first).to_be_visible()
    assert all("ราชเทวี" in r and "เสร็จสิ้น" in r for r in rows.all_inner_texts())
    page.set_viewport_size(DESK)
    page.goto(f"{base}/admin/cases/")

    page.fill("#lookup input[name=ticket]", tickets[2])
    page.click("#lookup button")
    expect(page.locator("#ticket")).to_contain_text(tickets[2])
    expect(page.locator("#timeline li")).to_have_count(4)  # created, accepted, finished, rated
    expect(page.locator("#timeline")).to_contain_text("ซ่อมเสร็จเรียบร้อย")
    expect(page.locator("#photos-after img")).to_have_count(1)
    page.wait_for_function("[...document.querySelectorAll('.photos img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    assert "U000" not in page.content()  # the reporter appears as a pseudonym only
    page.screenshot(path=str(SCREENSHOTS / "dashboard-case.png"), full_page=True)
    page.fill("#hide-case-form input[name=reason]", "ข้อมูลส่วนตัวในรูป")
    page.check("#hide-case-form input[name=confirm]")
    page.click("#hide-case")
    expect(page.locator("#ticket .tag")).to_contain_text("ซ่อนอยู่")
    expect(page.locator("#result")).to_contain_text("ซ่อนเรื่องจากสาธารณะแล้ว")

    page.goto(f"{base}/admin/logs/outbox?state=failed")
    page.click(f"#outbox-{failed_id} button.retry")
    expect(page.locator(".flash.ok")).to_contain_text("นำกลับเข้าคิวส่งแล้ว")
    _wait_sent(runtime, failed_id)
    page.goto(f"{base}/admin/logs/outbox?ticket={tickets[1]}")
    expect(page.locator(f"#outbox-{failed_id} .status")).to_have_text("ส่งแล้ว")

    page.goto(f"{base}/admin/map/")
    expect(page.locator("#cases-map")).to_have_attribute("data-loaded", re.compile(r"[1-9]\d*"))
    expect(page.locator("#offline-note")).to_be_visible()
    expect(page.locator(".marker-cluster, .pin").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-map.png"))

    page.goto(f"{base}/admin/stats/")
    expect(page.locator("#chart-categories .bar").first).to_be_visible()
    expect(page.locator("#chart-agencies .bar").first).to_be_visible()
    assert not real_problems(page), real_problems(page)
    outside = {urlparse(u).hostname for u in page.urls} - {"127.0.0.1"}
    assert not outside, f"the dashboard reached beyond loopback: {outside}"


def test_an_admin_forwards_and_finishes_a_case_with_a_photo_and_the_reporter_hears_in_line(
        dashboard, browser_page, fake_line, tmp_path):
    from playwright.sync_api import expect

    base, runtime, tickets, _failed, people = dashboard
    ticket = tickets[0]  # waiting
    with runtime.db.uow() as uow:
        reporter = services.find_case(uow, ticket).reporter_id
    page = sign_in(browser_page, base, *people["admin"])
    page.fill("#lookup input[name=ticket]", ticket.lower())
    page.click("#lookup button")
    expect(page.locator("#ticket")).to_contain_text(ticket)
    assert page.locator("#act-finish").count() == 0  # a waiting case cannot be finished yet

    page.select_option("#act-forward select[name=agency]", "drainage")
    page.fill("#act-forward input[name=reason]", "ท่อระบายน้ำเป็นของสำนักการระบายน้ำ")
    page.click("#act-forward button")
    expect(page.locator(".flash.ok")).to_contain_text("ส่งต่อ")
    expect(page.locator("#agency")).to_contain_text("drainage")
    page.fill("#act-accept input[name=note]", "สำนักการระบายน้ำรับเรื่องแล้ว")
    page.click("#act-accept button")
    expect(page.locator(".flash.ok")).to_contain_text("รับเรื่อง")
    page.set_input_files("#act-finish input[name=photo]", str(photo(tmp_path / "fixed.jpg")))
    page.fill("#act-finish input[name=note]", "ลอกท่อเรียบร้อยแล้ว")
    page.click("#act-finish button")
    expect(page.locator(".flash.ok")).to_contain_text("ปิดงาน")
    expect(page.locator("#photos-after img")).to_have_count(1)
    expect(page.locator("#act-reopen")).to_be_visible()

    heard = _wait_pushed(fake_line, reporter, ("ท่อระบายน้ำเป็นของสำนักการระบายน้ำ",
                                               "สำนักการระบายน้ำรับเรื่องแล้ว", "ลอกท่อเรียบร้อยแล้ว"))
    assert ticket in heard
    page.goto(f"{base}/admin/logs/outbox?ticket={ticket}")
    expect(page.locator("#outbox tbody tr .status", has_text="ส่งแล้ว").first).to_be_visible()
    expect(page.locator("#outbox")).to_contain_text("ลอกท่อเรียบร้อยแล้ว")  # admins see the text
    page.goto(f"{base}/admin/logs/audit?ticket={ticket}")
    for action in ("ส่งต่อ", "รับเรื่อง", "เสร็จสิ้น"):  # forward, accept, finish
        expect(page.locator("#audit")).to_contain_text(action)
    assert not real_problems(page), real_problems(page)


def test_a_supervisor_acts_for_their_agency_and_is_refused_another_agencys_case(
        dashboard, browser_page):
    from playwright.sync_api import expect

    base, runtime, tickets, _failed, people = dashboard
    ours = tickets[5]  # waiting, and held by the supervisor's agency
    with runtime.db.uow() as uow:
        own_agency = services.find_case(uow, ours).agency_id
        theirs = next(t for t in tickets[6:] if services.find_case(uow, t).agency_id != own_agency)
    page = sign_in(browser_page, base, *people["supervisor"])
    page.goto(f"{base}/admin/cases/{theirs}")
    expect(page.locator("#no-actions")).to_contain_text("ดูได้อย่างเดียว")
    assert page.locator("#actions form").count() == 0

    page.goto(f"{base}/admin/cases/{ours}")
    expect(page.locator("#act-accept")).to_be_visible()
    with runtime.db.uow() as uow:  # meanwhile an admin hands the case to another office
        services.forward(uow, ours, "drainage", Actor.admin("desk@city.go.th"), "ไม่ใช่งานเขต")
        uow.commit()
    page.click("#act-accept button")
    expect(page.locator(".flash.error")).to_contain_text(
        "ทำไม่ได้: หน่วยงานของคุณไม่ได้รับผิดชอบเรื่องนี้")
    expect(page.locator("#no-actions")).to_be_visible()
    page.goto(f"{base}/admin/logs/audit?ticket={ours}&state=refused")
    expect(page.locator("#audit")).to_contain_text("หัวหน้างาน supervisor@city.go.th")


def test_an_operator_enters_a_phoned_in_report_and_is_refused_the_logs(dashboard, browser_page):
    from playwright.sync_api import expect

    base, runtime, _tickets, _failed, people = dashboard
    page = sign_in(browser_page, base, *people["operator"])
    page.click("text=รับแจ้งทางโทรศัพท์")
    page.fill("#description", "ไฟฟ้าส่องสว่างดับทั้งซอย มืดมาก")
    expect(page.locator("#suggestions button").first).to_contain_text("แสงสว่าง")
    page.fill("#address", "ซอยสุขุมวิท 11 แขวงคลองเตยเหนือ เขตวัฒนา")
    page.press("#address", "Tab")
    expect(page.locator("#located")).to_contain_text("วัฒนา")
    page.fill("#phone", "081-234-5678")
    page.click("#submit-report")
    ticket = page.locator("#created-ticket").inner_text()
    assert TICKET.fullmatch(ticket)
    with runtime.db.uow() as uow:
        case = uow.session.scalar(select(Case).where(Case.ticket_id == ticket))
        assert (case.source, case.district) == ("call_centre", "วัฒนา")
        assert case.agency.district == "วัฒนา"  # routed to the Watthana district office

    answer = page.goto(f"{base}/admin/logs/outbox")
    assert answer.status == 403
    expect(page.locator(".flash.error")).to_contain_text("คุณไม่มีสิทธิ์ใช้หน้านี้")
    assert not [p for p in real_problems(page) if "403" not in p], real_problems(page)


def real_problems(page) -> list[str]:
    """Page errors, apart from the tiles of the deliberately unreachable tile server."""
    return [problem for problem in page.problems if "ERR_UNSAFE_PORT" not in problem]


def _wait_pushed(fake, user_id: str, notes: tuple[str, ...], timeout: float = 30) -> str:
    """Wait until the fake LINE server has delivered every note to the user; return all of it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        heard = str(fake.messages_to(user_id))
        if all(note in heard for note in notes):
            return heard
        time.sleep(0.2)
    raise AssertionError(f"LINE did not receive {notes} for the reporter: {heard[-2000:]}")


def _wait_sent(runtime, message_id: int, timeout: float = 30) -> None:
    """Wait for the worker process to deliver an outbox message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with runtime.db.uow() as uow:
            if uow.session.get(OutboxMessage, message_id).status == "sent":
                return
        time.sleep(0.2)
    raise AssertionError(f"outbox message {message_id} was not sent")
