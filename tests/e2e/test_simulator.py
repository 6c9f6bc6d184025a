"""The LINE simulator in a real headless Chromium, against the real web app and worker processes."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image, ImageDraw

from bot.texts import t
from tests.support.browser import chromium_browser

ROOT = Path(__file__).resolve().parents[2]
TICKET = re.compile(r"\d{4}-[0-9A-Z]{6}")
WAIT_MS = 30_000  # a turn goes webhook -> inbox -> worker -> fake LINE -> page poll
SCREENSHOT = Path("/tmp/simulator.png")


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(base: str, processes: list, logs: Path, timeout: float = 60) -> None:
    """Wait until /healthz answers, failing early (with the logs) if a process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            break
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"the app did not start:\n{read_logs(logs)}")


def read_logs(folder: Path) -> str:
    """Everything the app processes wrote, for a failure message."""
    return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-6000:]}"
                     for p in sorted(folder.glob("*.log")))


FLASK = [sys.executable, "-m", "flask", "--app", "bot"]


def app_env(tmp_path: Path, port: int = 8000) -> dict:
    """The environment of an app with no LINE channel and its database and media under tmp_path."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("LINE_") and k not in ("PUBLIC_BASE_URL", "SECRET_KEY")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'chaeng.db'}", MEDIA_DIR=str(tmp_path / "media"),
               PORT=str(port), CHAENG_INSTANCE_DIR=str(tmp_path), PYTHAINLP_OFFLINE="1",
               PYTHAINLP_READ_ONLY="1", PYTHONUNBUFFERED="1", CHAENG_SIMULATOR="1")
    return env


@pytest.fixture
def running_app(tmp_path):
    """`make run` in miniature: migrate, then gunicorn and the worker, with no LINE channel set."""
    port = free_port()
    with serving_processes(app_env(tmp_path, port), port, tmp_path) as running:
        yield running


@contextmanager
def serving_processes(env: dict, port: int, tmp_path: Path):
    """Migrate, start gunicorn and the worker with `env`, yield (base URL, logs folder), stop them."""
    migrated = subprocess.run([*FLASK, "db", "upgrade"], env=env, cwd=ROOT, capture_output=True,
                              text=True, timeout=120)
    assert migrated.returncode == 0, f"db upgrade failed:\n{migrated.stdout}\n{migrated.stderr}"
    logs = tmp_path / "logs"
    logs.mkdir()
    commands = {"web": [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4",
                        "--bind", f"127.0.0.1:{port}", "bot:create_app()"],
                "worker": [*FLASK, "worker"]}
    processes = []
    for name, argv in commands.items():
        with open(logs / f"{name}.log", "wb") as out:
            processes.append(subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out,
                                              stderr=subprocess.STDOUT))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, processes, logs)
        yield base, logs
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        print(read_logs(logs))  # shown by pytest only when the test failed


@pytest.fixture
def browser_page():
    """A page in headless system Chromium, recording page errors and every URL it asks for."""
    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 560, "height": 1100}, locale="th-TH",
                                      timezone_id="Asia/Bangkok")
        page = context.new_page()
        page.problems, page.urls = [], []
        page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
        page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
        page.on("request", lambda request: page.urls.append(request.url))
        try:
            yield page
        finally:
            page.screenshot(path=str(SCREENSHOT))  # the last state, also when the test failed
        context.close()


def photo(path: Path) -> Path:
    """A small JPEG of a 'pothole' to upload."""
    image = Image.new("RGB", (320, 240), (120, 120, 120))
    ImageDraw.Draw(image).ellipse((90, 80, 230, 170), fill=(40, 35, 30))
    image.save(path, "JPEG", quality=85)
    return path


def report_pothole(page, tmp_path: Path) -> str:
    """Type, photograph, locate and confirm a pothole report in the simulator; return its ticket."""
    from playwright.sync_api import expect

    bot = page.locator(".line.bot:not(.typing-line)")
    page.fill("#text", "ถนนเป็นหลุมใหญ่ หน้าปากซอย รถมอเตอร์ไซค์ล้ม")
    page.press("#text", "Enter")
    expect(page.locator(".line.me").last).to_contain_text("ถนนเป็นหลุมใหญ่")
    expect(page.locator("#quick .chip-location")).to_be_visible()

    answered = bot.count()
    with page.expect_file_chooser() as chooser:
        page.locator("#quick .chip-cameraRoll, #quick .chip-camera").first.click()
    chooser.value.set_files(str(photo(tmp_path / "pothole.jpg")))
    expect(page.locator(".line.me .bubble.image img")).to_be_visible()
    expect(bot.nth(answered)).to_be_visible()  # the bot acknowledged the photo

    page.locator("#quick .chip-location").click()
    expect(page.locator("#location-dialog")).to_be_visible()
    page.get_by_role("button", name="Victory Monument").click()
    page.click("#location-send")
    expect(page.locator(".line.me").last).to_contain_text("อนุสาวรีย์ชัยสมรภูมิ")

    confirm = page.locator(".flex-button", has_text=t("confirm", "th"))
    category = page.locator("#quick .chip-postback")
    expect(confirm.or_(category).first).to_be_visible()
    if not confirm.count():  # the classifier was unsure: pick the likeliest category offered
        page.screenshot(path=str(SCREENSHOT.with_name("simulator-categories.png")))
        category.first.click()
    confirm.last.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT.with_name("simulator-summary.png")))
    confirm.last.click()

    created = bot.filter(has_text=TICKET).first
    expect(created).to_be_visible()
    ticket = TICKET.search(created.inner_text()).group(0)
    return ticket


def test_a_citizen_reports_a_pothole_and_finds_it_in_their_cases_through_the_simulator(
        running_app, browser_page, tmp_path):
    from playwright.sync_api import expect

    base, logs = running_app
    page = browser_page
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    bot = page.locator(".line.bot:not(.typing-line)")
    page.goto(f"{base}/simulator")

    page.click("#follow")
    expect(page.locator(".system", has_text="follow")).to_be_visible()
    expect(bot.first).to_contain_text(t("greeting", "th").splitlines()[0])

    ticket = report_pothole(page, tmp_path)

    page.fill("#text", "เรื่องของฉัน")
    page.click("#send")
    carousel = page.locator(".flex-carousel", has_text=ticket)
    expect(carousel).to_be_visible()
    expect(carousel.locator(".flex-hero-image").first).to_be_visible()
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")

    assert not page.problems, page.problems
    outside = {urlparse(u).hostname for u in page.urls} - {"127.0.0.1"}
    assert not outside, f"the page reached beyond loopback: {outside}"
