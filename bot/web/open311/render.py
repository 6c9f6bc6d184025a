"""Open311 wire formats: the same documents as JSON or as the spec's XML elements."""
from __future__ import annotations

from xml.etree import ElementTree as ET

from flask import Response, jsonify

# A list under one of these keys holds elements named by the value (XML has no arrays).
ITEM_NAMES = {"attributes": "attribute", "values": "value", "endpoints": "endpoint",
              "formats": "format"}


class Open311Error(Exception):
    """An error to answer in the spec's format: [{code, description}] with that HTTP status."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def respond(document, fmt: str, root: str, item: str | None = None, status: int = 200) -> Response:
    """Answer a document (a list of `item`s under `root`, or one object) as JSON or XML."""
    if fmt == "json":
        response = jsonify(document)
    else:
        element = ET.Element(root)
        if isinstance(document, list):
            for entry in document:
                _fill(ET.SubElement(element, item), entry)
        else:
            _fill(element, document)
        body = ET.tostring(element, encoding="utf-8", xml_declaration=True)
        response = Response(body, mimetype="text/xml")
    response.status_code = status
    return response


def error_response(error: Open311Error, fmt: str) -> Response:
    """The spec's error document."""
    return respond([{"code": error.status, "description": error.description}], fmt, "errors",
                   "error", status=error.status)


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
        element.text = str(value)
