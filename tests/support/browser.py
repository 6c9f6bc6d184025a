"""Headless system Chromium for page tests (Playwright must never download a browser)."""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def screenshot_folder() -> Path:
    """Where page tests save screenshots: the README's folder under `make screenshots`
    (CHAENG_SCREENSHOTS), else a scratch folder, so a plain test run leaves the work tree clean."""
    chosen = os.environ.get("CHAENG_SCREENSHOTS")
    folder = Path(chosen) if chosen else Path(tempfile.gettempdir()) / "chaeng-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def find_chromium() -> str | None:
    """The system Chromium, or None when it is not installed."""
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@contextmanager
def chromium_browser():
    """Headless system Chromium for one test (Thai shown even without a system Thai font), or a skip."""
    import pytest

    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium binary found (apt-get install chromium); browser test skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as fonts:
        browser = playwright.chromium.launch(executable_path=executable, headless=True,
                                             env=thai_font_env(fonts), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def serving(app):
    """Serve a Flask app on a free loopback port in a thread; yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def thai_font_env(folder) -> dict:
    """An environment whose fontconfig also knows the Noto Sans Thai shipped for the rich menus,
    so pages and screenshots show Thai even where no Thai system font is installed."""
    from pathlib import Path

    fonts = Path(__file__).resolve().parents[2] / "bot" / "richmenu" / "fonts"
    config = Path(folder) / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                      '<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                      f'<dir>{fonts}</dir><cachedir>{Path(folder) / "fc-cache"}</cachedir>'
                      '</fontconfig>\n')
    return {**os.environ, "FONTCONFIG_FILE": str(config)}
