"""The place a citizen described in their own words is kept on the case and shown where places are."""
from __future__ import annotations

from tests.support.staff import make_case, signed_in

WORDS = "ปากซอยลาดพร้าว 71 โทร 081-234-5678"


def test_the_dashboard_case_page_shows_the_reporters_place_words(site):
    case = make_case(site.extensions["chaeng"], place_words=WORDS)
    admin = signed_in(site, "a@city.go.th", "admin")
    page = admin.get(f"/admin/cases/{case.ticket_id}").get_data(as_text=True)
    assert "ปากซอยลาดพร้าว 71" in page


def test_the_public_page_shows_the_place_words_without_personal_data_and_english_names(site):
    case = make_case(site.extensions["chaeng"], place_words=WORDS, district="วัฒนา",
                     subdistrict="คลองเตยเหนือ")
    thai = site.test_client().get(f"/cases/{case.ticket_id}").text
    assert "ปากซอยลาดพร้าว 71" in thai and "081-234-5678" not in thai
    assert "คลองเตยเหนือ" in thai
    english = site.test_client().get(f"/cases/{case.ticket_id}?lang=en").text
    assert "Khlong Toei Nuea" in english and "Watthana" in english
