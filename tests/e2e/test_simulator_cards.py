"""In the simulator, in headless Chromium: stickers, colour emoji, the rich menu `make run` creates,
and the status card reached from a report and from "my cases".

With CHAENG_SCREENSHOTS=<folder> (`make screenshots`) it also saves the README's screenshots."""
from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
from PIL import Image

from bot.devserver import make_rich_menu
from bot.texts import t
from tests.e2e.test_simulator import (ROOT, TICKET, WAIT_MS, app_env, photo,
                                      running_app)  # noqa: F401  (running_app is a fixture)
from tests.support.browser import chromium_browser

SHOTS = os.environ.get("CHAENG_SCREENSHOTS")
# Draws an emoji with the page's own font stack and counts coloured pixels: a colour emoji font
# gives many, a missing one gives an empty or grey box.
COLOUR_PIXELS = """() => {
  const canvas = document.createElement("canvas"); canvas.width = canvas.height = 64;
  const ctx = canvas.getContext("2d");
  ctx.font = `48px ${getComputedStyle(document.documentElement).fontFamily}`;
  let fewest = Infinity;
  for (const emoji of ["😢", "🙏", "👍"]) {  // 😢 is also in DejaVu Sans, in black and white
    ctx.clearRect(0, 0, 64, 64);
    ctx.fillText(emoji, 4, 52);
    const px = ctx.getImageData(0, 0, 64, 64).data; let coloured = 0;
    for (let i = 0; i < px.length; i += 4)
      if (px[i + 3] > 0 && (Math.abs(px[i] - px[i + 1]) > 40 || Math.abs(px[i + 1] - px[i + 2]) > 40)) coloured++;
    fewest = Math.min(fewest, coloured);
  }
  return fewest;
}"""


@pytest.fixture
def phone():
    """A phone-sized page (400 CSS px, drawn at 2x: 800 px wide screenshots) in system Chromium."""
    with chromium_browser() as browser:
        context = browser.new_context(viewport={"width": 400, "height": 840}, device_scale_factor=2,
                                      locale="th-TH", timezone_id="Asia/Bangkok")
        page = context.new_page()
        page.problems, page.urls = [], []
        page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
        page.on("request", lambda request: page.urls.append(request.url))
        yield page
        context.close()


def colour_emoji_font() -> bool:
    """Whether fontconfig knows a colour emoji font (Debian: fonts-noto-color-emoji)."""
    try:
        listed = subprocess.run(["fc-list"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return False
    return "Noto Color Emoji" in listed


def test_the_simulators_fonts_draw_emoji_in_colour(phone):
    if not colour_emoji_font():
        pytest.skip("no colour emoji font (apt-get install fonts-noto-color-emoji; CI does)")
    css = (ROOT / "bot" / "simulator" / "static" / "simulator.css").read_text(encoding="utf-8")
    phone.set_content(f"<style>{css}</style><p>ถนนพัง 😢🙏</p>")
    assert phone.evaluate(COLOUR_PIXELS) > 50


def shot(page, name: str) -> None:
    """Save a screenshot for the README when asked to (a small, optimised PNG)."""
    if not SHOTS:
        return
    image = Image.open(io.BytesIO(page.screenshot()))
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    image.convert("RGB").quantize(colors=256).save(Path(SHOTS) / f"{name}.png", optimize=True)


def test_a_citizen_sends_a_sticker_reports_and_opens_the_status_card_from_the_rich_menu(
        running_app, phone, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    base, _logs = running_app
    port = urlparse(base).port
    assert make_rich_menu(base, str(Path(sys.executable).parent), env=app_env(tmp_path, port))
    page = phone
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    bot = page.locator(".line.bot:not(.typing-line)")
    page.goto(f"{base}/simulator")
    page.click("#new-user")
    expect(page.locator("#richmenu-bar")).to_contain_text("เมนู")  # the menu `make run` created
    page.click("#richmenu-bar")  # folded, as a user does to see more of the chat
    page.click("#follow")
    expect(bot.first).to_contain_text(t("greeting", "th").splitlines()[0])

    page.click("#sticker")
    page.locator(".sticker-choice").first.click()
    expect(page.locator(".line.me .bubble.sticker")).to_contain_text("👋")
    expect(bot.nth(1)).to_be_visible()  # the bot answered the sticker

    page.fill("#text", "ถนนเป็นหลุมใหญ่ตรงปากซอยราชวิถี 5 รถมอเตอร์ไซค์ล้ม 😢")
    page.press("#text", "Enter")
    expect(page.locator("#quick .chip-location")).to_be_visible()
    with page.expect_file_chooser() as chooser:
        page.locator("#quick .chip-cameraRoll, #quick .chip-camera").first.click()
    chooser.value.set_files(str(photo(tmp_path / "pothole.jpg")))
    expect(page.locator(".line.me .bubble.image img")).to_be_visible()
    page.locator("#quick .chip-location").click()
    page.get_by_role("button", name="Victory Monument").click()
    page.click("#location-send")
    confirm = page.locator(".flex-button", has_text=t("confirm", "th"))
    category = page.locator("#quick .chip-postback")
    expect(confirm.or_(category).first).to_be_visible()
    if not confirm.count():
        shot(page, "simulator-categories")
        category.first.click()
    confirm.last.scroll_into_view_if_needed()
    shot(page, "simulator-report")
    confirm.last.click()

    card = page.locator(".flex-bubble", has=page.locator(".flex-header", has_text=TICKET)).last
    expect(card).to_contain_text("เขตราชเทวี")
    expect(card).to_contain_text("ปากซอยราชวิถี 5")
    expect(page.locator("#quick")).to_contain_text(t("btn_my_cases", "th"))
    ticket = TICKET.search(card.locator(".flex-header").inner_text()).group(0)
    card.scroll_into_view_if_needed()
    shot(page, "simulator-status-card")

    page.click("#richmenu-bar")
    expect(page.locator("#richmenu-panel")).to_be_visible()
    shot(page, "simulator-rich-menu")
    page.locator(".richmenu-area[title='เรื่องของฉัน']").click()
    carousel = page.locator(".flex-carousel", has_text=ticket).last
    expect(carousel).to_be_visible()
    carousel.locator(".flex-body .actionable").first.click()
    opened = page.locator(".flex-bubble", has=page.locator(".flex-header", has_text=ticket)).last
    expect(opened.locator(".flex-button", has_text=t("btn_add_info", "th"))).to_be_visible()
    opened.locator(".flex-button", has_text=t("btn_map", "th")).click()
    expect(page.locator(".line.bot .place").last).to_contain_text(ticket)

    assert not page.problems, page.problems
    outside = {urlparse(u).hostname for u in page.urls} - {"127.0.0.1"}
    assert not outside, f"the page reached beyond loopback: {outside}"
