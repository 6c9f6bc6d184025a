"""Personal data in report text: phones, national ids with checksum, e-mail, LINE ids; and redaction."""
import pytest

import nlp
from nlp.pii import valid_national_id

VALID_ID = "1101700207439"  # checksum digit 9 is right for 110170020743
assert valid_national_id(VALID_ID)


def kinds(text):
    return [(s.kind, s.text) for s in nlp.find_personal_data(text)]


@pytest.mark.parametrize(
    "text, found",
    [
        ("โทร 081-234-5678 ได้ตลอด", "081-234-5678"),
        ("เบอร์ 0812345678 ค่ะ", "0812345678"),
        ("call +66 92 345 6789", "+66 92 345 6789"),
        ("ติดต่อ 06 1234 5678", "06 1234 5678"),
        ("สำนักงาน 02-123-4567", "02-123-4567"),
        ("เบอร์ ๐๘๑๒๓๔๕๖๗๘", "๐๘๑๒๓๔๕๖๗๘"),
        ("โทร.0898765432", "0898765432"),
    ],
)
def test_thai_phone_numbers_are_found(text, found):
    assert kinds(text) == [("phone", found)]


def test_a_national_id_with_a_valid_checksum_is_found_with_or_without_dashes():
    assert kinds("บัตรประชาชน %s" % VALID_ID) == [("national_id", VALID_ID)]
    assert kinds("เลขบัตร 1-1017-00207-43-9") == [("national_id", "1-1017-00207-43-9")]


def test_a_thirteen_digit_number_with_a_wrong_checksum_is_not_a_national_id():
    assert kinds("เลข 1101700207435") == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("ส่งรูปมาที่ somchai.k@example.co.th นะครับ", ("email", "somchai.k@example.co.th")),
        ("line: somchai_99", ("line_id", "somchai_99")),
        ("แอดไลน์ somchai99 ได้เลย", ("line_id", "somchai99")),
        ("ID line @abc123", ("line_id", "@abc123")),
        ("line id: malee.s", ("line_id", "malee.s")),
        ("ไลน์ไอดี: noknoi", ("line_id", "noknoi")),
    ],
)
def test_email_addresses_and_line_ids_are_found(text, found):
    assert kinds(text) == [found]


@pytest.mark.parametrize(
    "text",
    [
        "เรื่องเลขที่ 2022-6DXD4Q แจ้งเมื่อ 2022-10-31 เวลา 14:30",
        "พิกัด 13.7563,100.5018 หน้าซอย 5",
        "lat 13.0812345678 lon 100.1101700207439",
        "power line broken near soi 21",
        "บ้านเลขที่ 99/123 หมู่ 4 ซอยลาดพร้าว 101",
        "ค่าเสียหาย 1,250,000 บาท",
    ],
)
def test_ticket_ids_dates_coordinates_and_addresses_are_not_personal_data(text):
    assert nlp.find_personal_data(text) == []


def test_redaction_replaces_every_span_and_keeps_the_rest():
    text = "ไฟดับหน้าบ้าน โทร 081-234-5678 หรือ line: somchai_99 บัตร %s" % VALID_ID
    redacted = nlp.redact(text)
    assert redacted == "ไฟดับหน้าบ้าน โทร [ลบข้อมูลส่วนบุคคล] หรือ line: [ลบข้อมูลส่วนบุคคล] บัตร [ลบข้อมูลส่วนบุคคล]"
    assert nlp.redact(text, mask="***").count("***") == 3


def test_spans_give_offsets_into_the_original_text():
    text = "เมล a@b.co โทร 0987654321"
    for span in nlp.find_personal_data(text):
        assert text[span.start : span.end] == span.text


# Spellings that slipped past redaction (issue 20, defect 7): other dashes, full-width digits,
# invisible characters inside a number, digits spaced out, LINE's add-friend links, Thai domains.
@pytest.mark.parametrize(
    "text, found",
    [
        ("โทร 081–234–5678 ได้ตลอด", "081–234–5678"),  # en dash
        ("โทร 081—234—5678", "081—234—5678"),  # em dash
        ("โทร 081−234−5678", "081−234−5678"),  # minus sign
        ("โทร ０８１２３４５６７８ ค่ะ", "０８１２３４５６７８"),  # full-width digits
        ("โทร ０８１－２３４－５６７８", "０８１－２３４－５６７８"),  # full-width hyphen too
        ("โทร 081\u200b234\u200b5678", "081\u200b234\u200b5678"),  # zero-width spaces
        ("โทร 0812\u2060345\u00ad678", "0812\u2060345\u00ad678"),  # word joiner, soft hyphen
        ("โทร 0 8 1 2 3 4 5 6 7 8 นะ", "0 8 1 2 3 4 5 6 7 8"),  # every digit spaced out
        ("โทร 081  234  5678", "081  234  5678"),  # two spaces
        ("โทร (02) 123 4567", "02) 123 4567"),
    ],
)
def test_phone_numbers_spelled_to_slip_past_are_still_found(text, found):
    assert kinds(text) == [("phone", found)]
    assert "5678" not in nlp.redact(text) and "4567" not in nlp.redact(text)


def test_a_national_id_in_full_width_digits_or_with_invisible_characters_is_found():
    full_width = VALID_ID.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert kinds(f"บัตร {full_width}") == [("national_id", full_width)]
    hidden = "1101700\u200b207439"
    assert kinds(f"บัตร {hidden}") == [("national_id", hidden)]


@pytest.mark.parametrize(
    "text, secret",
    [
        ("แอดมาที่ line.me/ti/p/~somchai99 ได้เลย", "somchai99"),
        ("https://line.me/R/ti/p/%40shop123 ร้านค้า", "shop123"),
        ("ติดต่อ https://line.me/ti/p/@shop123", "shop123"),
        ("แอดที่ lin.ee/AbCdE12 นะคะ", "AbCdE12"),
    ],
)
def test_line_add_friend_links_are_found_as_line_ids(text, secret):
    assert [kind for kind, _ in kinds(text)] == ["line_id"]
    assert secret not in nlp.redact(text)


@pytest.mark.parametrize(
    "text, found",
    [
        ("ส่งมาที่ somchai@ตัวอย่าง.ไทย นะครับ", "somchai@ตัวอย่าง.ไทย"),
        ("อีเมล สมชาย@ไปรษณีย์.ไทย", "สมชาย@ไปรษณีย์.ไทย"),
        ("mail somchai@example.xn--o3cw4h", "somchai@example.xn--o3cw4h"),
        ("mail som\u200bchai@example.com", "som\u200bchai@example.com"),
        ("mail somchai＠example.com", "somchai＠example.com"),
    ],
)
def test_email_addresses_with_thai_domains_or_odd_characters_are_found(text, found):
    assert kinds(text) == [("email", found)]


@pytest.mark.parametrize(
    "text",
    [
        "เรื่อง 2026-7KQ2ZD ที่ซอย 71 แจ้งปี 2569",
        "ถนนพระราม 9 ซอย 43 หมู่ 4 แขวงบางกะปิ",
        "เปิด 08.00 - 16.00 น. ทุกวัน",
        "หลุม 3 จุด กว้าง 2 เมตร ลึก 30 ซม.",
        "ซอยลาดพร้าว 71 ถนนลาดพร้าว แขวงสะพานสอง เขตวังทองหลาง 10310",
        "ไฟดับ 5 ต้น ตั้งแต่ 17/6/2569",
    ],
)
def test_ordinary_numbers_places_and_dates_are_left_alone(text):
    assert nlp.find_personal_data(text) == [] and nlp.redact(text) == text
