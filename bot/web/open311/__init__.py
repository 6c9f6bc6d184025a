"""Open311 GeoReport v2 under /open311/v2/: services, requests (read and create), tokens."""
from __future__ import annotations

import logging
from functools import wraps

from flask import Blueprint, current_app, request
from werkzeug.exceptions import HTTPException

from bot.opendata.admin import api_key_owner
from bot.opendata.catalog import BY_CODE, SERVICES, definition_document, service_document
from bot.permissions import Actor
from bot.services.audit import refuse
from bot.web.open311 import create, pace, queries
from bot.web.open311.documents import request_documents
from bot.web.open311.render import Open311Error, error_response, respond

blueprint = Blueprint("open311", __name__, url_prefix="/open311/v2")
FMT = "<any(json, xml):fmt>"
log = logging.getLogger(__name__)


def _runtime():
    """The app's runtime."""
    return current_app.extensions["chaeng"]


def open311(view):
    """Turn Open311Error, and HTTP errors such as a body over the limit, into the spec's error
    document in the request's format."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except Open311Error as error:
            return error_response(error, kwargs.get("fmt", "json"))
        except HTTPException as error:
            return error_response(Open311Error(error.code or 400, _said(error)),
                                  kwargs.get("fmt", "json"))
    return wrapper


def _said(error: HTTPException) -> str:
    """What went wrong, in one sentence of our own."""
    if error.code == 413:
        return f"the request body is larger than {create.MAX_BODY} bytes"
    return error.name.lower()


def base_url() -> str:
    """Where the API is: PUBLIC_BASE_URL's, never the Host the request claims (anyone can send
    any Host); a path relative to this server when PUBLIC_BASE_URL is unset."""
    return _runtime().settings.public_base_url.rstrip("/") + blueprint.url_prefix


@blueprint.get(f"/discovery.{FMT}")
@open311
def discovery(fmt: str):
    """Where the API is and what it speaks."""
    base = base_url() + "/"
    document = {"changeset": "2026-11-24T00:00:00+07:00", "contact": "The city's Chaeng operator",
                "key_service": "Ask the operator for a key (flask --app bot apikeys add NAME)",
                "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2",
                               "url": base, "changeset": "2026-11-24T00:00:00+07:00",
                               "type": "production", "formats": ["application/json", "text/xml"]}]}
    return respond(document, fmt, "discovery")


@blueprint.get(f"/services.{FMT}")
@open311
def services(fmt: str):
    """Every service: one per category, in Thai and English."""
    return respond([service_document(s) for s in SERVICES], fmt, "services", "service")


@blueprint.get(f"/services/<code>.{FMT}")
@open311
def service_definition(code: str, fmt: str):
    """A service's attributes."""
    if code not in BY_CODE:
        raise Open311Error(404, f"no service {code!r}")
    return respond(definition_document(BY_CODE[code]), fmt, "service_definition")


@blueprint.get(f"/requests.{FMT}")
@open311
def list_requests(fmt: str):
    """Requests by id list, or by service, date window (90 days by default) and status."""
    runtime = _runtime()
    with runtime.db.uow() as uow:
        found = queries.find_requests(uow, request.args)
        documents = request_documents(uow.session, found, runtime.settings)
    return respond(documents, fmt, "service_requests", "request")


@blueprint.get(f"/requests/<ticket_id>.{FMT}")
@open311
def one_request(ticket_id: str, fmt: str):
    """One request, as a list of one."""
    runtime = _runtime()
    with runtime.db.uow() as uow:
        found = [queries.find_request(uow, ticket_id)]
        documents = request_documents(uow.session, found, runtime.settings)
    return respond(documents, fmt, "service_requests", "request")


@blueprint.post(f"/requests.{FMT}")
@open311
def create_request(fmt: str):
    """Create a request from a form-encoded body with a valid api_key."""
    runtime = _runtime()
    request.max_content_length = create.MAX_BODY  # before anything reads the form
    with runtime.db.uow() as uow:
        client = api_key_owner(uow, request.form.get("api_key", ""))
        if client is None:
            # Audited like every refused action; the key itself is a secret and is not kept.
            refuse(uow, Actor("open311", "unknown-key"), "open311_create",
                   "api_key is missing, unknown or revoked")
            uow.commit()
            raise Open311Error(403, "api_key is missing, unknown or revoked")
        _keep_pace(uow, client, runtime.settings.open311_posts_per_minute)
        case = create.create_request(uow, request.form, client)
        uow.commit()
        ticket_id = case.ticket_id
    log.info("open311 request %s created by client %s", ticket_id, client)
    # The case exists at once, so the answer gives its id and no token (the spec: a token only
    # when the id is not known yet).
    answer = [{"service_request_id": ticket_id,
               "service_notice": "Your request is waiting to be accepted by the responsible office"}]
    return respond(answer, fmt, "service_requests", "request")


def _keep_pace(uow, client: str, per_minute: int) -> None:
    """Refuse with a 429 and Retry-After a client that created per_minute requests this minute."""
    wait = pace.wait_seconds(uow, client, per_minute)
    if wait:
        log.info("open311 client %s is over %s requests a minute", client, per_minute)
        raise Open311Error(429, f"more than {per_minute} requests a minute with this api_key; "
                                f"try again in {wait} seconds", {"Retry-After": str(wait)})


@blueprint.get(f"/tokens/<token>.{FMT}")
@open311
def token(token: str, fmt: str):
    """Resolve a token (requests are created at once, so it is the request id)."""
    with _runtime().db.uow() as uow:
        case = queries.find_request(uow, token)
        answer = [{"service_request_id": case.ticket_id, "token": token}]
    return respond(answer, fmt, "service_requests", "request")


@blueprint.get("/openapi.json")
def openapi():
    """An OpenAPI 3 description of this API."""
    from bot.web.open311.openapi import document

    return respond(document(base_url()), "json", "openapi")


@blueprint.route("/<path:rest>", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
def unknown(rest: str):
    """Answer any other address or method under /open311/v2/ with the spec's 404 or 405."""
    fmt = "xml" if rest.endswith(".xml") else "json"
    allowed = _methods_of(request.path)
    if allowed:
        return error_response(Open311Error(405, f"{request.method} is not allowed here",
                                           {"Allow": ", ".join(allowed)}), fmt)
    return error_response(Open311Error(404, f"no resource {rest!r}"), fmt)


def _methods_of(path: str) -> list[str]:
    """The methods another route of this API answers at path (none: no such resource)."""
    adapter = current_app.url_map.bind("localhost")
    found = []
    for method in ("GET", "POST"):
        try:
            endpoint, _ = adapter.match(path, method=method)
        except HTTPException:
            continue
        if endpoint != "open311.unknown":
            found.append(method)
    return found
