"""The admin dashboard in a real headless Chromium, against gunicorn and the worker processes."""
from __future__ import annotations

import os
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
from bot.config import Settings
from bot.runtime import Runtime
from storage.models import Case, OutboxMessage
from tests.e2e.test_simulator import ROOT, browser_page, running_app  # noqa: F401 (fixtures)
from tests.support import city

SCREENSHOTS = ROOT / "docs" / "screenshots"
TICKET = re.compile(r"\d{4}-[0-9A-Z]{6}")
WAIT_MS = 30_000
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def dashboard(monkeypatch, tmp_path, request):
    """The running app with a seeded city, a failed push, and an admin and an operator from the CLI."""
    # A tile server that does not answer: the map must fall back to its plain background offline.
    monkeypatch.setenv("MAP_TILE_URL", "http://127.0.0.1:9/{z}/{x}/{y}.png")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINE_") and k != "SECRET_KEY"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'chaeng.db'}", MEDIA_DIR=str(tmp_path / "media"),
               CHAENG_INSTANCE_DIR=str(tmp_path), CHAENG_SIMULATOR="1")
    runtime = Runtime.build(Settings.from_env(env))
    # Seed before the processes start: on SQLite, one writer at a time is the honest setup.
    command.upgrade(alembic_config(runtime.settings.database_url), "head")
    tickets = city.build(runtime)
    failed = _failed_push(runtime, tickets[1])
    people = {role: (f"{role}@city.go.th", _add_staff(env, f"{role}@city.go.th", role))
              for role in ("admin", "operator")}
    base, _logs = request.getfixturevalue("running_app")
    yield base, runtime, tickets, failed, people
    runtime.db.dispose()


def _add_staff(env: dict, email: str, role: str) -> str:
    """`flask --app bot admins add EMAIL --role ROLE`, as an operator would; return the password."""
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "bot", "admins", "add", email,
                           "--role", role], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return re.search(r"password \(shown once.*\): (\S+)", done.stdout).group(1)


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
    expect(page.locator("#count")).to_contain_text("40 เรื่อง")

    page.select_option("#filters select[name=district]", "ราชเทวี")
    page.select_option("#filters select[name=state]", "finished")
    page.click("#filters button[type=submit]")
    rows = page.locator("#cases tbody tr")
    expect(rows.first).to_be_visible()
    assert all("ราชเทวี" in r and "เสร็จสิ้น" in r for r in rows.all_inner_texts())
    page.set_viewport_size(DESK)
    page.goto(f"{base}/admin/cases/")
    page.screenshot(path=str(SCREENSHOTS / "dashboard-cases.png"), full_page=False)

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
    page.click("#toggle-hidden")
    expect(page.locator("#ticket .tag")).to_contain_text("ซ่อนอยู่")

    page.goto(f"{base}/admin/logs/outbox?state=failed")
    page.click(f"#outbox-{failed_id} button.retry")
    expect(page.locator(".flash.ok")).to_contain_text("นำกลับเข้าคิวส่งแล้ว")
    _wait_sent(runtime, failed_id)
    page.goto(f"{base}/admin/logs/outbox?ticket={tickets[1]}")
    expect(page.locator(f"#outbox-{failed_id} .status")).to_have_text("sent")

    page.goto(f"{base}/admin/map/")
    expect(page.locator("#cases-map")).to_have_attribute("data-loaded", re.compile(r"[1-9]\d*"))
    expect(page.locator("#offline-note")).to_be_visible()
    expect(page.locator(".marker-cluster, .pin").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-map.png"))

    page.goto(f"{base}/admin/stats/")
    expect(page.locator("#chart-categories svg rect").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-stats.png"), full_page=True)
    assert not real_problems(page), real_problems(page)
    outside = {urlparse(u).hostname for u in page.urls} - {"127.0.0.1"}
    assert not outside, f"the dashboard reached beyond loopback: {outside}"


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

    answer = page.goto(f"{base}/admin/logs/outbox")
    assert answer.status == 403
    expect(page.locator(".flash.error")).to_contain_text("คุณไม่มีสิทธิ์ใช้หน้านี้")
    assert not [p for p in real_problems(page) if "403" not in p], real_problems(page)


def real_problems(page) -> list[str]:
    """Page errors, apart from the tiles of the deliberately unreachable tile server."""
    return [problem for problem in page.problems if "ERR_UNSAFE_PORT" not in problem]


def _wait_sent(runtime, message_id: int, timeout: float = 30) -> None:
    """Wait for the worker process to deliver an outbox message."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with runtime.db.uow() as uow:
            if uow.session.get(OutboxMessage, message_id).status == "sent":
                return
        time.sleep(0.2)
    raise AssertionError(f"outbox message {message_id} was not sent")
