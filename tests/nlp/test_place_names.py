"""Places read well in both languages: English names of every district and subdistrict, and the
words a citizen used to say where."""
import pytest

import nlp
from nlp.gazetteer import DISTRICTS
from nlp.geo import table
from nlp.placenames import street_address, subdistricts


def test_every_subdistrict_the_place_table_knows_has_an_english_name():
    known = {(d, s) for d, s in table().names if d and s}
    missing = sorted(pair for pair in known if pair not in subdistricts())
    assert not missing


def test_all_fifty_districts_have_their_subdistricts_named():
    assert {district for district, _ in subdistricts()} == set(DISTRICTS)
    assert len(subdistricts()) >= 180  # Bangkok has 180 แขวง


@pytest.mark.parametrize("district, subdistrict, english", [
    ("วัฒนา", "คลองเตยเหนือ", "Khlong Toei Nuea"), ("ปทุมวัน", "ลุมพินี", "Lumphini"),
    ("ปทุมวัน", "ปทุมวัน", "Pathum Wan"), ("บางรัก", "บางรัก", "Bang Rak"), ("บางรัก", "สีลม", "Si Lom"),
    ("ราชเทวี", "ถนนพญาไท", "Thanon Phaya Thai"), ("จตุจักร", "ลาดยาว", "Lat Yao"),
])
def test_common_subdistricts_use_their_official_english_names(district, subdistrict, english):
    assert nlp.locate_text(f"แขวง{subdistrict} เขต{district}").subdistrict_en == english


def test_a_located_place_carries_both_english_names():
    place = nlp.locate_text("แขวงคลองเตยเหนือ เขตวัฒนา กรุงเทพฯ")
    assert (place.district_en, place.subdistrict_en) == ("Watthana", "Khlong Toei Nuea")


def test_a_place_is_described_with_its_words_in_thai_and_its_english_names_in_english():
    assert nlp.describe_place("วัฒนา", "คลองเตยเหนือ", "th") == "แขวงคลองเตยเหนือ เขตวัฒนา"
    assert nlp.describe_place("วัฒนา", "คลองเตยเหนือ", "en") == "Khlong Toei Nuea, Watthana"
    assert nlp.describe_place("วัฒนา", None, "en") == "Watthana"
    assert nlp.describe_place(None, None, "th") is None


@pytest.mark.parametrize("text, words", [
    ("ถนนพังตรงปากซอยลาดพร้าว 71 รถตกหลุม", "ปากซอยลาดพร้าว 71"),
    ("ไฟดับหน้าโรงเรียนสตรีวิทยา", "หน้าโรงเรียนสตรีวิทยา"),
    ("ขยะเยอะ ซอยสุขุมวิท 22 แยก 3", "ซอยสุขุมวิท 22 แยก 3"),
    ("Pothole near Siam Paragon and it is deep", "near Siam Paragon"),
    ("ถนนเป็นหลุม", None), ("ไฟถนนดับ", None), ("ทางเท้าพัง", None),
])
def test_the_words_that_say_where_are_picked_out_of_a_report(text, words):
    assert nlp.place_words(text) == words


@pytest.mark.parametrize("address, street", [
    ("1 ซอยสุขุมวิท 21 แขวงคลองตันเหนือ เขตวัฒนา กรุงเทพมหานคร 10110", "1 ซอยสุขุมวิท 21"),
    ("1 Sukhumvit 21, Khlong Tan Nuea, Watthana, Bangkok 10110, Thailand", "1 Sukhumvit 21"),
    ("99/1 Soi Ari, Phaya Thai District, Bangkok 10400", "99/1 Soi Ari"),
    # A road may share a subdistrict's name: only one bare name of each level goes, from the end.
    ("ถนนพญาไท ทุ่งพญาไท ราชเทวี กรุงเทพมหานคร 10400", "ถนนพญาไท"),
    ("อนุสาวรีย์ชัยสมรภูมิ", "อนุสาวรีย์ชัยสมรภูมิ"),
    ("Khwaeng Khlong Tan Nuea, Khet Watthana, Krung Thep Maha Nakhon 10110", None),
    (None, None)])
def test_an_address_loses_its_subdistrict_district_province_and_postcode(address, street):
    assert street_address(address) == street
