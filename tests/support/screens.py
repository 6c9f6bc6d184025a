"""Screen checks for page tests: a page at a phone's or a desk's size, and what a person would
trip over there: sideways scrolling, script errors, serious accessibility faults (axe-core),
text too small to read.

Usable for any page of the app (the dashboard, the public board): open a page with `screen`,
then `faults(page)` lists what is wrong in words a test failure can show.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}
VIEWPORTS = {"phone": PHONE, "desk": DESK}
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
SMALLEST_TEXT_PX = 11


@contextmanager
def sqlite_site(folder: Path, line_server, **settings):
    """A fresh app on a SQLite file under the folder, its clock at the suite's fixed moment and
    its map tiles offline, for screen tests to seed and serve; the clock is reset after."""
    from sqlalchemy import create_engine

    from bot import create_app
    from storage import clock
    from storage.models import Base
    from tests.conftest import WEDNESDAY_NOON, make_settings

    url = f"sqlite:///{folder / 'chaeng.db'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    clock.travel_to(WEDNESDAY_NOON)
    app = create_app(make_settings(url, line_server, folder, map_tile_url="", **settings))
    try:
        yield app
    finally:
        clock.reset()
        app.extensions["chaeng"].db.dispose()


@contextmanager
def screen(browser, viewport: dict, *, locale: str = "th-TH", **options):
    """A new page at the viewport (its own cookies), recording script errors as `page.problems`."""
    context = browser.new_context(viewport=viewport, locale=locale, timezone_id="Asia/Bangkok",
                                  **options)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on("console", lambda message: message.type == "error" and page.problems.append(
        f"console error: {message.text}"))
    try:
        yield page
    finally:
        context.close()


def overflow(page) -> int:
    """How many pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def widest(page, count: int = 3) -> list[str]:
    """The elements reaching furthest past the viewport's right edge (those a scrolling or
    clipping box keeps inside the screen aside), to name in a failure."""
    return page.evaluate("""(count) => {
      const edge = window.innerWidth;
      const clipped = (e) => {
        for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
          if (getComputedStyle(p).overflowX !== 'visible') return true;
        }
        return false;
      };
      const found = [...document.querySelectorAll('body *')]
        .map(e => [e, e.getBoundingClientRect().right])
        .filter(([e, right]) => right > edge + 1 && !clipped(e))
        .sort((a, b) => b[1] - a[1]).slice(0, count);
      return found.map(([e, right]) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '') +
        ' ends at ' + Math.round(right) + 'px');
    }""", count)


def axe_violations(page, impacts: tuple[str, ...] = SERIOUS) -> list[str]:
    """axe-core's violations of the given impacts on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async (impacts) => {
      const result = await axe.run(document, {resultTypes: ['violations']});
      return result.violations.filter(v => impacts.includes(v.impact)).map(v =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}× e.g. ${v.nodes.slice(0, 3)
          .map(n => n.target.join(' ')).join(', ')})`);
    }""", list(impacts))
    return list(found)


def smallest_text(page, selector: str) -> float | None:
    """The smallest rendered font size (px) of any visible text inside the matching elements:
    HTML text as styled, SVG text as its viewBox scales it on this screen; None without text."""
    return page.evaluate("""(selector) => {
      let smallest = null;
      const note = (size) => { if (smallest === null || size < smallest) smallest = size; };
      for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const element = node.parentElement;
          if (!node.textContent.trim() || !element.getClientRects().length) continue;
          if (element.closest('title')) continue;  // tooltips are not drawn
          const svg = element.closest('svg');
          const scale = svg ? svg.getScreenCTM().a : 1;
          note(parseFloat(getComputedStyle(element).fontSize) * scale);
        }
      }
      return smallest;
    }""", selector)


def faults(page, *, axe: bool = True) -> list[str]:
    """Everything wrong with the page as it stands: overflow, script errors, axe violations."""
    found = list(page.problems)
    wider = overflow(page)
    if wider:
        found.append(f"{wider}px wider than the {page.viewport_size['width']}px screen: "
                     + "; ".join(widest(page)))
    if axe:
        found += axe_violations(page)
    return found


def shoot(page, folder: Path, name: str, screens_tall: int = 2) -> Path | None:
    """Save the top of the page (two screens tall at most: a list of 50 cases is 4,000 px on a
    phone) under the folder and return its path, when screenshots are asked for (`make
    screenshots`, or CHAENG_SCREENSHOTS set), which a plain run need not pay for."""
    if not os.environ.get("CHAENG_SCREENSHOTS"):
        return None
    path, size = folder / f"{name}.png", page.viewport_size
    tall = min(page.evaluate("document.documentElement.scrollHeight"), screens_tall * size["height"])
    page.screenshot(path=str(path), full_page=True,
                    clip={"x": 0, "y": 0, "width": size["width"], "height": tall})
    return path
