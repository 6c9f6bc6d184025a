"""A Thai and an English citizen talk to the bot the way people do, in the simulator in Chromium:
a greeting, a sticker, a report with two photos and a place, a second problem typed mid-report,
the full category list, confirm and the case card."""
from __future__ import annotations

from pathlib import Path

from bot.line.categories import chip_label
from bot.texts import t
from tests.e2e.test_simulator import (SCREENSHOT, TICKET, WAIT_MS, browser_page, photo,  # noqa: F401
                                      running_app)

CITIZENS = {
    "th": {"hello": "สวัสดีครับ", "pothole": "ถนนเป็นหลุมใหญ่ หน้าปากซอย รถมอเตอร์ไซค์ล้ม",
           "dark": "ไฟถนนดับทั้งซอย มืดมาก", "cancel": "ยกเลิก"},
    "en": {"hello": "hello", "pothole": "big pothole on the road at the mouth of the soi",
           "dark": "the street lights are out along the whole soi", "cancel": "cancel"},
}


def send_sticker(page) -> None:
    """The citizen picks a sticker from the simulator's sticker picker."""
    page.click("#sticker")
    page.locator(".sticker-choice").first.click()


def type_text(page, words: str) -> None:
    """The citizen types a message and sends it."""
    page.fill("#text", words)
    page.press("#text", "Enter")


def send_photo(page, path: Path) -> None:
    """The citizen sends a photo from the camera roll."""
    with page.expect_file_chooser() as chooser:
        page.click("#photo")
    chooser.value.set_files(str(path))


def walk(page, base: str, lang: str, tmp_path: Path) -> str:
    """One citizen's whole conversation; returns the ticket of their first report."""
    from playwright.sync_api import expect

    said, bot = CITIZENS[lang], page.locator(".line.bot:not(.typing-line) .bubble")
    page.click("#new-user")
    page.click("#follow")
    expect(bot.last).to_contain_text(t("greeting", "th").splitlines()[0])  # the simulator's profile is Thai

    type_text(page, said["hello"])
    expect(bot.last).to_have_text(t("reply_greeting", lang))
    expect(page.locator("#quick .chip", has_text=t("chip_my_cases", lang))).to_be_visible()

    send_sticker(page)
    expect(bot.filter(has_text=t("reply_sticker", lang))).to_have_count(1)

    type_text(page, said["pothole"])
    expect(page.locator("#quick .chip-location")).to_be_visible()
    for number in (1, 2):
        send_photo(page, photo(tmp_path / f"pothole-{lang}-{number}.jpg"))
        expect(bot.last).to_contain_text(t("photo_received", lang, count=number))

    type_text(page, said["dark"])
    expect(bot.last).to_have_text(t("ask_same_or_new", lang))
    page.locator("#quick .chip", has_text=t("chip_new_report", lang)).click()
    expect(bot.last).to_contain_text(said["dark"][:20])

    page.click("#location")
    page.get_by_role("button", name="Victory Monument").click()
    page.click("#location-send")
    summary = page.locator(".flex-bubble", has_text=t("summary_title", lang)).last
    anyway = page.locator("#quick .chip", has_text=t("not_the_same", lang))
    expect(summary.or_(anyway).first).to_be_visible()
    if anyway.count():  # the other citizen's pothole is open nearby: report ours anyway
        anyway.click()
    expect(summary).to_be_visible()
    summary.locator(".flex-button", has_text=t("change_category", lang)).click()
    page.locator("#quick .chip", has_text=t("all_categories", lang)).click()
    carousel = page.locator(".flex-carousel").last
    expect(carousel).to_contain_text(chip_label("คลอง", lang))
    page.screenshot(path=str(SCREENSHOT.with_name(f"simulator-categories-{lang}.png")))
    carousel.locator(".flex-button", has_text=chip_label("ถนน", lang)).click()

    summary = page.locator(".flex-bubble", has_text=t("summary_title", lang)).last
    summary.locator(".flex-button", has_text=t("confirm", lang)).click()
    created = page.locator(".line.bot .bubble.text").filter(has_text=TICKET).last
    expect(created).to_be_visible()
    ticket = TICKET.search(created.inner_text()).group(0)
    expect(page.locator(".flex-bubble", has_text=ticket).last).to_be_visible()  # the case card
    expect(bot.last).to_contain_text(said["dark"][:20])  # and the second report begins
    page.screenshot(path=str(SCREENSHOT.with_name(f"simulator-conversation-{lang}.png")))
    type_text(page, said["cancel"])  # the second report holds words: it asks first
    page.locator("#quick .chip", has_text=t("yes_cancel", lang)).click()
    expect(bot.last).to_have_text(t("cancelled", lang))
    return ticket


def test_a_thai_and_an_english_citizen_talk_to_the_bot_as_people_do(running_app, browser_page,
                                                                   tmp_path):
    from playwright.sync_api import expect

    base, _logs = running_app
    page = browser_page
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    page.goto(f"{base}/simulator")
    tickets = [walk(page, base, lang, tmp_path) for lang in ("th", "en")]
    assert len(set(tickets)) == 2
    assert not page.problems, page.problems
