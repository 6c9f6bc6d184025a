"""Public addresses: the road and the soi, the subdistrict and the district, never the house."""
import pytest

import nlp
from nlp.streets import mask_house_numbers, postcode, streets


@pytest.mark.parametrize(
    "address, street",
    [
        ("99/1 หมู่บ้านเสนานิเวศน์ ซอยลาดพร้าว 71 ถนนลาดพร้าว แขวงสะพานสอง เขตวังทองหลาง "
         "กรุงเทพมหานคร 10310 ประเทศไทย", "ซอยลาดพร้าว 71 ถนนลาดพร้าว"),
        ("164 ซอย สุขุมวิท 21 แขวง คลองเตยเหนือ เขตวัฒนา กรุงเทพมหานคร 10110 ประเทศไทย", "ซอยสุขุมวิท 21"),
        ("62 ซอย อ่อนนุช 17 แยก 3 แขวง สวนหลวง สวนหลวง กรุงเทพมหานคร 10250", "ซอยอ่อนนุช 17 แยก 3"),
        ("96-98 ถนนพระรามที่ ๔ แขวง ป้อมปราบ เขตป้อมปราบศัตรูพ่าย", "ถนนพระรามที่ ๔"),
        ("99/1 หมู่บ้านเสนานิเวศน์ ถนนพญาไท แขวงถนนพญาไท เขตราชเทวี", "ถนนพญาไท"),  # not the แขวง's
        ("139/42 หมู่ที่ 5 แขวงมีนบุรี เขตมีนบุรี กรุงเทพมหานคร 10510", ""),
        ("ซ.สุขุมวิท 101/1 ถ.สุขุมวิท", "ซ.สุขุมวิท 101/1 ถ.สุขุมวิท"),  # a soi's number is no house
        ("99/1 Sukhumvit Rd, Khlong Toei Nuea, Watthana, Bangkok 10110, Thailand", "Sukhumvit Rd"),
        ("12 Soi Sukhumvit 31, Khlong Toei Nuea, Watthana, Bangkok 10110", "Soi Sukhumvit 31"),
        ("หน้าสยามพารากอน, ถนนพระราม 1", "ถนนพระราม 1"),
        ("อนุสาวรีย์ชัยสมรภูมิ", ""),
        ("", ""),
    ],
)
def test_an_address_keeps_its_road_and_soi_only(address, street):
    assert streets(address) == street


def test_the_public_address_adds_the_subdistrict_and_district():
    address = "99/1 หมู่บ้านเสนานิเวศน์ ซอยลาดพร้าว 71 แขวงสะพานสอง เขตวังทองหลาง กรุงเทพมหานคร 10310"
    assert nlp.public_address(address, "วังทองหลาง", "สะพานสอง") == \
        "ซอยลาดพร้าว 71 แขวงสะพานสอง เขตวังทองหลาง"
    assert nlp.public_address(None, "วังทองหลาง", None) == "เขตวังทองหลาง"
    assert postcode(address) == "10310" and postcode("ไม่มีรหัส") is None


@pytest.mark.parametrize(
    "text, masked",
    [
        ("ไฟดับหน้าบ้านเลขที่ 99/1 ซอย 5", "ไฟดับหน้าบ้านเลขที่ [ลบข้อมูลส่วนบุคคล] ซอย 5"),
        ("เลขที่ 12 ถนนสุขุมวิท", "เลขที่ [ลบข้อมูลส่วนบุคคล] ถนนสุขุมวิท"),
        ("ตรง 123/45 หมู่บ้านสุขใจ", "ตรง [ลบข้อมูลส่วนบุคคล] หมู่บ้านสุขใจ"),
        ("house no. 7/2 near the canal", "house no. [ลบข้อมูลส่วนบุคคล] near the canal"),
    ],
)
def test_house_numbers_in_free_text_are_masked(text, masked):
    assert mask_house_numbers(text) == masked


@pytest.mark.parametrize(
    "text",
    ["เรื่องเลขที่ 2022-6DXD4Q", "ซอย 71/1 ถนนลาดพร้าว", "ซอยสุขุมวิท 101/1 ถนนสุขุมวิท",
     "ไฟดับตั้งแต่ 17/6", "หลุม 3 จุด ซอย 5"],
)
def test_ticket_ids_soi_numbers_and_dates_are_not_house_numbers(text):
    assert mask_house_numbers(text) == text
