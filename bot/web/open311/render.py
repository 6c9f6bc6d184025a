"""Open311 wire formats: the same documents as JSON or as the spec's XML elements."""
from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from flask import Response, jsonify

# A list under one of these keys holds elements named by the value (XML has no arrays).
ITEM_NAMES = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
              "formats": "format"}
JSON_TYPE, XML_TYPE = "application/json; charset=utf-8", "text/xml; charset=utf-8"
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# Everything XML 1.0's Char production leaves out (C0 controls but tab and newlines, U+FFFE,
# U+FFFF) and the lone surrogates UTF-8 cannot encode: one such character in one stored row
# would otherwise make every list that holds it unreadable to every client.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class Open311Error(Exception):
    """An error to answer in the spec's format: [{code, description}] with that HTTP status."""

    def __init__(self, status: int, description: str, headers: dict | None = None):
        super().__init__(description)
        self.status, self.description, self.headers = status, description, headers or {}


def respond(document, fmt: str, root: str, item: str | None = None, status: int = 200) -> Response:
    """Answer a document (a list of `item`s under `root`, or one object) as JSON or XML."""
    if fmt == "json":
        response = jsonify(document)
        response.content_type = JSON_TYPE
    else:
        element = ET.Element(root)
        if isinstance(document, list):
            for entry in document:
                _fill(ET.SubElement(element, item), entry)
        else:
            _fill(element, document)
        body = DECLARATION + ET.tostring(element, encoding="unicode").encode("utf-8")
        response = Response(body, content_type=XML_TYPE)
    response.status_code = status
    return response


def error_response(error: Open311Error, fmt: str) -> Response:
    """The spec's error document."""
    response = respond([{"code": error.status, "description": error.description}], fmt, "errors",
                       "error", status=error.status)
    response.headers.update(error.headers)
    return response


def xml_text(value) -> str:
    """A value as text XML 1.0 can hold: forbidden characters dropped, lone surrogates replaced."""
    text = str(value)
    return _NOT_XML.sub(lambda found: "\ufffd" if "\ud800" <= found[0] <= "\udfff" else "", text)


def _fill(element: ET.Element, value) -> None:
    """Write a JSON-like value into an element."""
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, list):
                holder = ET.SubElement(element, key)
                for entry in child:
                    _fill(ET.SubElement(holder, ITEM_NAMES.get(key, "item")), entry)
            else:
                _fill(ET.SubElement(element, key), child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = xml_text(value)
