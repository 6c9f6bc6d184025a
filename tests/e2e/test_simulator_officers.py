"""Officers close a case by tapping card buttons in the simulator, in a real headless Chromium."""
from __future__ import annotations

import re
import secrets
import subprocess

from tests.e2e.test_simulator import (FLASK, ROOT, SCREENSHOT, WAIT_MS, app_env, browser_page,  # noqa: F401
                                      photo, report_pothole, running_app)

CODE = re.compile(r"/link ([0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4})")


def admin(tmp_path, base: str, *args: str) -> str:
    """Run `flask --app bot ARGS` against the running app, as an admin would; return its output."""
    env = app_env(tmp_path, int(base.rsplit(":", 1)[1]))
    done = subprocess.run([*FLASK, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def officer_code(tmp_path, base: str, agency: str) -> str:
    """Add an officer with the CLI and read the link code it prints."""
    printed = admin(tmp_path, base, "officers", "add", "--name", f"Officer {agency}", "--agency", agency)
    return CODE.search(printed).group(1)


def open_chat(page, base: str) -> str:
    """Open the simulator in a page as a new LINE user; return their user id."""
    user = "U" + secrets.token_hex(16)
    page.goto(f"{base}/simulator")
    page.fill("#user-id", user)
    page.dispatch_event("#user-id", "change")
    return user


def say(page, words: str) -> None:
    """Type a message and send it."""
    page.fill("#text", words)
    page.press("#text", "Enter")


def bot_says(page, pattern):
    """The latest bot line that matches, once it is shown."""
    from playwright.sync_api import expect

    line = page.locator(".line.bot:not(.typing-line)").filter(has_text=pattern).last
    expect(line).to_be_visible()
    return line


def tap(page, label: str) -> None:
    """Tap the newest card button with this label."""
    page.locator(".flex-button", has_text=label).last.click()


def test_officers_accept_forward_and_finish_by_tapping_buttons_and_the_citizen_rates_and_reopens(
        running_app, browser_page, tmp_path):
    from playwright.sync_api import expect

    base, _ = running_app
    expect.set_options(timeout=WAIT_MS)
    citizen = browser_page
    citizen.set_default_timeout(WAIT_MS)
    assert "citizen\t" in admin(tmp_path, base, "richmenu", "setup")
    district, drainage = citizen.context.new_page(), citizen.context.new_page()
    for page, agency in ((district, "ratchathewi"), (drainage, "drainage")):
        page.set_default_timeout(WAIT_MS)
        open_chat(page, base)
        say(page, f"/link {officer_code(tmp_path, base, agency)}")
        bot_says(page, "ผูกบัญชีแล้ว")

    open_chat(citizen, base)
    expect(citizen.locator("#richmenu-bar")).to_contain_text("เมนู")  # the citizen menu, by default
    ticket = report_pothole(citizen, tmp_path)
    citizen.locator(".richmenu-area[title='เรื่องของฉัน']").click()
    expect(citizen.locator(".flex-carousel", has_text=ticket)).to_be_visible()
    expect(district.locator("#richmenu-bar")).to_contain_text("เจ้าหน้าที่")  # linked: officer menu
    district.locator(".richmenu-area[title='/queue']").click()
    expect(district.locator(".flex-carousel", has_text=ticket)).to_be_visible()

    bot_says(district, ticket)  # the new-case card, pushed to the district office
    tap(district, "รับเรื่อง")
    bot_says(district, re.compile("บันทึกแล้ว.*กำลังดำเนินการ"))
    tap(district, "ส่งต่อ")
    bot_says(district, "พิมพ์บางส่วนของชื่อ")  # the chooser: chips, a list, or type to search
    expect(district.locator("#quick .chip-postback", has_text="เขตราชเทวี")).to_have_count(0)
    say(district, "ระบายน้ำ")
    bot_says(district, "พิมพ์เหตุผลที่ส่งต่อ")
    say(district, "ท่อระบายน้ำอุดตัน ส่งให้สำนักการระบายน้ำ")
    bot_says(district, re.compile("บันทึกแล้ว.*ส่งต่อ"))
    bot_says(citizen, "ท่อระบายน้ำอุดตัน")

    bot_says(drainage, ticket)
    tap(drainage, "รับเรื่อง")
    bot_says(drainage, re.compile("บันทึกแล้ว.*กำลังดำเนินการ"))
    tap(drainage, "เสร็จสิ้น")
    bot_says(drainage, "รูปหลังแก้ไข")
    with drainage.expect_file_chooser() as chooser:
        drainage.click("#photo")
    chooser.value.set_files(str(photo(tmp_path / "fixed.jpg")))
    bot_says(drainage, re.compile("บันทึกแล้ว.*เสร็จสิ้น"))

    finished = bot_says(citizen, "สำนักการระบายน้ำ")
    expect(citizen.locator(".flex-hero-image").last).to_be_visible()
    citizen.locator("#quick .chip-postback", has_text=re.compile(r"^★{4}$")).click()
    bot_says(citizen, "4 ดาว")
    tap(citizen, "เปิดใหม่")
    bot_says(citizen, "พิมพ์เหตุผล")  # wait for the question before answering it
    say(citizen, "น้ำยังขังอยู่หลังฝนตก")
    bot_says(citizen, "เปิดเรื่อง")
    bot_says(drainage, "น้ำยังขังอยู่หลังฝนตก")  # back in the drainage department's queue
    citizen.screenshot(path=str(SCREENSHOT.with_name("simulator-officers.png")))
    assert finished and not citizen.problems
