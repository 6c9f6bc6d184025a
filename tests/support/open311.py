"""Check Open311 answers against the public GeoReport v2 schemas, tightened to forbid extras."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas" / "open311"
# The shared folder beside the checkout may hold newer copies; used when present, never needed.
SHARED = Path(__file__).resolve().parents[3] / "shared" / "open311"
# What the spec (wiki.open311.org/GeoReport_v2) says of answers no public schema file describes.
ERRORS = {"type": "array", "minItems": 1, "items": {
    "type": "object", "required": ["code", "description"], "additionalProperties": False,
    "properties": {"code": {"type": "integer"}, "description": {"type": "string", "minLength": 1}}}}
DISCOVERY = {"type": "object", "required": ["changeset", "contact", "key_service", "endpoints"],
             "additionalProperties": False, "properties": {
                 "changeset": {"type": "string", "format": "date-time"},
                 "contact": {"type": "string"}, "key_service": {"type": "string"},
                 "endpoints": {"type": "array", "minItems": 1, "items": {
                     "type": "object", "additionalProperties": False,
                     "required": ["specification", "url", "changeset", "type", "formats"],
                     "properties": {
                         "specification": {"type": "string"}, "url": {"type": "string"},
                         "changeset": {"type": "string", "format": "date-time"},
                         "type": {"enum": ["production", "test"]},
                         "formats": {"type": "array", "items": {
                             "enum": ["application/json", "text/xml"]}}}}}}}


def schema(name: str, folder: Path = SCHEMAS) -> dict:
    """A schema file with its file-name $refs inlined and extra properties forbidden."""
    return _tighten(json.loads((folder / name).read_text(encoding="utf-8")), folder)


def _tighten(node, folder: Path = SCHEMAS, definitions: dict | None = None):
    """Inline refs and add additionalProperties: false to every object with properties."""
    if isinstance(node, list):
        return [_tighten(item, folder, definitions) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref", "")
    if ref.endswith(".json"):
        return schema(ref, folder)
    if ref.startswith("#/definitions/") and definitions is not None:
        return _tighten(definitions[ref.rsplit("/", 1)[1]], folder, definitions)
    out = {key: _tighten(value, folder, definitions) for key, value in node.items()}
    if "properties" in out:
        out["additionalProperties"] = False
    return out


def swagger_definition(name: str, folder: Path = SCHEMAS) -> dict:
    """An array of one of swagger.json's definitions (RequestResponse, TokenResponse, ...)."""
    definitions = json.loads((folder / "swagger.json").read_text(encoding="utf-8"))["definitions"]
    return {"type": "array", "minItems": 1,
            "items": _tighten(definitions[name], folder, definitions)}


def validate(document, name: str) -> None:
    """Fail unless document matches the named tightened schema (with formats checked), and the
    shared folder's copy of it too when that folder is there."""
    for folder in _folders(name):
        jsonschema.validate(document, schema(name, folder),
                            format_checker=jsonschema.FormatChecker())


def answer_schema(name: str) -> dict:
    """The schema of an answer no JSON Schema file covers: Errors, Discovery, or an array of a
    swagger.json definition."""
    return {"Errors": ERRORS, "Discovery": DISCOVERY}.get(name) or swagger_definition(name)


def validate_answer(document, name: str) -> None:
    """Fail unless document matches answer_schema(name) (and the shared swagger.json's, if any)."""
    jsonschema.validate(document, answer_schema(name), format_checker=jsonschema.FormatChecker())
    if name not in ("Errors", "Discovery") and (SHARED / "swagger.json").is_file():
        jsonschema.validate(document, swagger_definition(name, SHARED),
                            format_checker=jsonschema.FormatChecker())


def _folders(name: str) -> list[Path]:
    """Our copy of a schema, and the shared folder's when it has one."""
    return [SCHEMAS] + ([SHARED] if (SHARED / name).is_file() else [])


def from_xml(body: bytes, shape: dict):
    """Read an XML answer into the JSON value its schema describes: XML has neither arrays nor
    types, so the schema says which elements hold lists, numbers and booleans."""
    return _read(ET.fromstring(body), shape)


def _read(element: ET.Element, shape: dict):
    """One element as the JSON value of `shape`; an element with no text is null."""
    kind = _kind(shape)
    if kind == "array":
        return [_read(child, shape.get("items", {})) for child in element]
    if kind == "object":
        properties = shape.get("properties", {})
        return {child.tag: _read(child, properties.get(child.tag, {})) for child in element}
    text = element.text
    if text is None:
        return None
    if kind in ("number", "integer"):
        return float(text) if kind == "number" else int(text)
    if kind == "boolean":
        return {"true": True, "false": False}.get(text, text)
    return text


def _kind(shape: dict) -> str | None:
    """The JSON type a schema expects, looking past anyOf [type, null]."""
    if "properties" in shape:
        return "object"
    if "type" in shape:
        return shape["type"]
    kinds = [_kind(option) for option in shape.get("anyOf", [])]
    return next((kind for kind in kinds if kind and kind != "null"), None)


def xml_items(body: bytes, root: str, item: str, schema_name: str) -> list[ET.Element]:
    """Parse an XML answer and check every element name against the item schema."""
    element = ET.fromstring(body)
    assert element.tag == root
    properties = schema(schema_name)
    items = list(element)
    for entry in items:
        assert entry.tag == item
        names = {child.tag for child in entry}
        assert names <= set(properties["properties"]), names - set(properties["properties"])
        assert set(properties.get("required", ())) <= names
    return items
