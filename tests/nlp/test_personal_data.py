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
