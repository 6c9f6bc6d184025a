"""Every page tells the browser to keep it to itself: no framing by another site, no content
sniffing, and its address (with any token in it) never sent to another site as a referrer."""
from __future__ import annotations

import pytest

from tests.support.staff import signed_in


@pytest.mark.parametrize("path, staff", [("/admin/sign-in", False), ("/admin/cases/", True),
                                         ("/", False), ("/open311/v2/services.json", False)])
def test_a_page_cannot_be_framed_by_another_site_or_leak_its_address(site, path, staff):
    browser = signed_in(site, "admin@city.go.th", "admin") if staff else site.test_client()
    answer = browser.get(path)
    assert answer.status_code == 200, path
    assert answer.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] in ("same-origin", "no-referrer")
