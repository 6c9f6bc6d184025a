"""The Open311 XML writer: well-formed whatever text a stored case holds (issue 21, item 14)."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from bot.plaintext import clean
from bot.web.open311.render import respond

EVERY_BMP_CHARACTER = "".join(map(chr, range(0x10000)))


def test_a_document_holding_every_character_is_written_as_well_formed_xml():
    answer = respond([{"description": EVERY_BMP_CHARACTER, "address": "🚧\U0010ffff"}], "xml",
                     "service_requests", "request")
    document = ET.fromstring(answer.get_data())  # raises on a body that is not well-formed
    text = document.findtext("request/description")
    assert "\x01" not in text and "\ufffe" not in text and "\uffff" not in text
    assert all(kept in text for kept in ("\t", "\n", "ถ", "\x85", "\ud7ff", "\ue000"))
    assert text.count("\ufffd") == 2048 + 1  # each lone surrogate, and U+FFFD itself
    assert document.findtext("request/address") == "🚧\U0010ffff"


def test_the_declaration_and_content_type_say_utf_8():
    answer = respond([], "xml", "service_requests", "request")
    assert answer.get_data() == b'<?xml version="1.0" encoding="UTF-8"?>\n<service_requests />'
    assert answer.headers["Content-Type"] == "text/xml; charset=utf-8"


def test_clean_also_drops_the_two_noncharacters_xml_forbids():
    assert clean("หน้า\ufffeร้าน\uffff") == "หน้าร้าน"
    assert clean("ok\ufffd\U0001f6a7") == "ok\ufffd\U0001f6a7"  # a real replacement and emoji stay
