"""The OpenAPI 3 document of /open311/v2/ (served at /open311/v2/openapi.json)."""
from __future__ import annotations

from bot.opendata.catalog import BY_CODE

NULLABLE_STRING = {"type": "string", "nullable": True}
FMT = {"name": "fmt", "in": "path", "required": True,
       "schema": {"type": "string", "enum": ["json", "xml"]}}
SCHEMAS = {
    "Error": {"type": "object", "required": ["code", "description"], "additionalProperties": False,
              "properties": {"code": {"type": "integer"}, "description": {"type": "string"}}},
    "Service": {"type": "object", "additionalProperties": False,
                "required": ["service_code", "service_name", "metadata", "type"],
                "properties": {"service_code": {"type": "string"}, "service_name": {"type": "string"},
                               "description": NULLABLE_STRING, "metadata": {"type": "boolean"},
                               "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
                               "keywords": NULLABLE_STRING, "group": NULLABLE_STRING}},
    "ServiceDefinition": {
        "type": "object", "required": ["service_code", "attributes"], "additionalProperties": False,
        "properties": {"service_code": {"type": "string"}, "attributes": {"type": "array", "items": {
            "type": "object", "required": ["variable", "code", "datatype", "required"],
            "properties": {"variable": {"type": "boolean"}, "code": {"type": "string"},
                           "datatype": {"type": "string"}, "required": {"type": "boolean"},
                           "datatype_description": NULLABLE_STRING,
                           "order": {"type": "integer", "nullable": True},
                           "description": NULLABLE_STRING}}}}},
    "Request": {"type": "object", "additionalProperties": False,
                "required": ["service_request_id", "status", "service_code", "requested_datetime"],
                "properties": {
                    "service_request_id": {"type": "string"},
                    "status": {"type": "string", "enum": ["open", "closed"]},
                    "status_notes": NULLABLE_STRING, "service_name": NULLABLE_STRING,
                    "service_code": {"type": "string"}, "description": NULLABLE_STRING,
                    "agency_responsible": NULLABLE_STRING, "service_notice": NULLABLE_STRING,
                    "requested_datetime": {"type": "string", "format": "date-time"},
                    "updated_datetime": {"type": "string", "format": "date-time", "nullable": True},
                    "expected_datetime": {"type": "string", "format": "date-time", "nullable": True},
                    "address": NULLABLE_STRING, "address_id": NULLABLE_STRING,
                    "zipcode": NULLABLE_STRING, "lat": {"type": "number", "nullable": True},
                    "long": {"type": "number", "nullable": True},
                    "media_url": {"type": "string", "format": "uri", "nullable": True}}},
    "RequestResponse": {"type": "object", "additionalProperties": False,
                        "required": ["service_request_id"],
                        "properties": {"service_request_id": {"type": "string"},
                                       "token": {"type": "string"},
                                       "service_notice": {"type": "string"}}},
    "TokenResponse": {"type": "object", "additionalProperties": False,
                      "required": ["service_request_id", "token"],
                      "properties": {"service_request_id": {"type": "string"},
                                     "token": {"type": "string"}}},
}


def _answer(schema: str | None, array: bool = True, description: str = "OK") -> dict:
    """A response whose JSON body is (an array of) a schema, or the XML equivalent."""
    ref = {"$ref": f"#/components/schemas/{schema}"}
    body = {"type": "array", "items": ref} if array else ref
    return {"description": description, "content": {"application/json": {"schema": body},
                                                     "text/xml": {"schema": {"type": "string"}}}}


def _errors(*codes: int) -> dict:
    """The spec's error answers."""
    return {str(code): _answer("Error", description="Error") for code in codes}


def _query(name: str, description: str, **schema) -> dict:
    """An optional query parameter."""
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": {"type": "string", **schema}}


def document(server: str) -> dict:
    """The whole OpenAPI document, for the API served at `server`."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "Chaeng Open311 GeoReport v2", "version": "2",
                 "description": "City problem reports in Bangkok. Writing needs an api_key."},
        "servers": [_server(server)],
        "paths": _paths(),
        "components": {"schemas": SCHEMAS},
    }


def _server(url: str) -> dict:
    """The server object; a relative URL says why (OpenAPI resolves it against this document)."""
    if url.startswith("/"):
        return {"url": url, "description": "PUBLIC_BASE_URL is not set, so the address is "
                                           "relative to where this document was fetched"}
    return {"url": url}


def _paths() -> dict:
    """Every endpoint."""
    code = {"name": "code", "in": "path", "required": True,
            "schema": {"type": "string", "enum": sorted(BY_CODE)}}
    ticket = {"name": "ticket_id", "in": "path", "required": True,
              "schema": {"type": "string", "pattern": "^[0-9]{4}-[0-9A-Z]{6}$"}}
    return {
        "/discovery.{fmt}": {"get": {"parameters": [FMT], "responses": {
            "200": {"description": "Where the API is", "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/xml": {"schema": {"type": "string"}}}}}}},
        "/services.{fmt}": {"get": {"parameters": [FMT], "responses": {"200": _answer("Service")}}},
        "/services/{code}.{fmt}": {"get": {"parameters": [code, FMT], "responses": {
            "200": _answer("ServiceDefinition", array=False), **_errors(404)}}},
        "/requests.{fmt}": {
            "get": {"parameters": [FMT, *_request_filters()],
                    "responses": {"200": _answer("Request"), **_errors(400)}},
            "post": {"parameters": [FMT], "requestBody": _new_request(),
                     "responses": {"200": _answer("RequestResponse"),
                                   **_errors(400, 403, 404, 413, 429)}}},
        "/requests/{ticket_id}.{fmt}": {"get": {"parameters": [ticket, FMT], "responses": {
            "200": _answer("Request"), **_errors(404)}}},
        "/tokens/{token}.{fmt}": {"get": {"parameters": [
            {**ticket, "name": "token"}, FMT], "responses": {
            "200": _answer("TokenResponse"), **_errors(404)}}},
    }


def _request_filters() -> list[dict]:
    """GET requests' filters."""
    return [_query("service_request_id", "Comma-separated ticket ids; overrides the rest"),
            _query("service_code", "Service codes, comma-separated", pattern=_codes()),
            _query("start_date", "Earliest requested_datetime (ISO 8601)", format="date-time"),
            _query("end_date", "Latest requested_datetime (ISO 8601); at most 90 days after "
                   "start_date", format="date-time"),
            _query("status", "open, closed or open,closed", enum=["open", "closed", "open,closed"])]


def _codes() -> str:
    """A comma list of known service codes, as a pattern."""
    one = "(" + "|".join(sorted(BY_CODE)) + ")"
    return f"^{one}(,{one})*$"


def _new_request() -> dict:
    """POST requests' form body."""
    text = {"type": "string"}
    return {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": {
        "type": "object", "required": ["api_key", "service_code"],
        "properties": {"api_key": text, "service_code": {"type": "string", "enum": sorted(BY_CODE)},
                       "lat": {"type": "number"}, "long": {"type": "number"},
                       "address_string": text, "address_id": text, "description": text,
                       "media_url": text, "email": text, "first_name": text, "last_name": text,
                       "phone": text, "device_id": text, "account_id": text,
                       "attribute[landmark]": text}}}}}
