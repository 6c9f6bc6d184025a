"""Where is it: coordinates and address text to Bangkok district and subdistrict."""
import dataclasses

import pytest

import nlp


def test_victory_monument_is_in_ratchathewi():
    place = nlp.locate(13.7650, 100.5383)
    assert place.district == "ราชเทวี"
    assert place.subdistrict in {"ทุ่งพญาไท", "ถนนพญาไท"}
    assert place.province == "กรุงเทพมหานคร"
    assert place.district_en == "Ratchathewi"


@pytest.mark.parametrize(
    "lat, lon, district",
    [
        (13.7563, 100.4918, "พระนคร"),  # Grand Palace
        (13.7466, 100.5347, "ปทุมวัน"),  # Siam
        (13.7997, 100.5502, "จตุจักร"),  # Chatuchak Park
        (13.9126, 100.6067, "ดอนเมือง"),  # Don Mueang airport
    ],
)
def test_landmarks_are_in_their_districts(lat, lon, district):
    assert nlp.locate(lat, lon).district == district


@pytest.mark.parametrize("lat, lon", [(13.30, 100.70), (18.79, 98.98), (0.0, 0.0), (float("nan"), 100.5)])
def test_points_outside_the_covered_area_give_nothing(lat, lon):
    assert nlp.locate(lat, lon) is None


def test_a_place_is_immutable():
    place = nlp.locate(13.7650, 100.5383)
    with pytest.raises(dataclasses.FrozenInstanceError):
        place.district = "x"


@pytest.mark.parametrize(
    "text, district, subdistrict",
    [
        ("หน้าซอยสุขุมวิท 21 เขตวัฒนา", "วัฒนา", None),
        ("แขวงลาดยาว จตุจักร", "จตุจักร", "ลาดยาว"),
        ("แขวงลาดยาว เขตจตุจักร กรุงเทพมหานคร 10900", "จตุจักร", "ลาดยาว"),
        ("123 ถ.พหลโยธิน ข.ลาดยาว ข.จตุจักร กทม.", "จตุจักร", "ลาดยาว"),
        ("แขวง คลองตันเหนือ เขต วัฒนา", "วัฒนา", "คลองตันเหนือ"),
        ("เขตราษฏร์บูรณะ", "ราษฎร์บูรณะ", None),
        ("pothole near Chatuchak market, Bangkok", "จตุจักร", None),
        ("บางกะปิ กทม.", "บางกะปิ", None),
    ],
)
def test_a_thai_or_english_address_names_the_district(text, district, subdistrict):
    place = nlp.locate_text(text)
    assert (place.district, place.subdistrict) == (district, subdistrict)


def test_a_subdistrict_alone_implies_its_district():
    assert nlp.locate_text("แขวงสามเสนใน").district == "พญาไท"


@pytest.mark.parametrize(
    "text",
    [
        "กทม.",
        "ถนนลาดพร้าวมีหลุมใหญ่",
        "รถติดมากแถวสาทร",
        "อ.เมือง จ.นนทบุรี",
        "ไฟดับหน้าบ้าน",
        "",
    ],
)
def test_text_without_a_clear_bangkok_area_gives_nothing(text):
    assert nlp.locate_text(text) is None
