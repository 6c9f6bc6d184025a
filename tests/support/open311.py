"""Check Open311 answers against the public GeoReport v2 schemas, tightened to forbid extras."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas" / "open311"


def schema(name: str) -> dict:
    """A schema file with its file-name $refs inlined and extra properties forbidden."""
    return _tighten(json.loads((SCHEMAS / name).read_text(encoding="utf-8")))


def _tighten(node):
    """Inline refs and add additionalProperties: false to every object with properties."""
    if isinstance(node, list):
        return [_tighten(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node and node["$ref"].endswith(".json"):
        return schema(node["$ref"])
    out = {key: _tighten(value) for key, value in node.items()}
    if "properties" in out:
        out["additionalProperties"] = False
    return out


def validate(document, name: str) -> None:
    """Fail unless document matches the named tightened schema (with formats checked)."""
    jsonschema.validate(document, schema(name), format_checker=jsonschema.FormatChecker())


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
