"""Issue 9's 'done when' over real HTTP: a third-party client creates a request with an API key,
sees it in GET requests as JSON and XML (with the expected time once history exists), and its
webhook hears of the state change."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request
from datetime import datetime, timedelta

import pytest

from bot import worker
from storage.models import utcnow
from tests.conftest import make_settings
from tests.fakes.webhook_subscriber import LOOPBACK, Subscriber
from tests.integration.test_webhooks import act, subscribe
from tests.support.browser import serving
from tests.support.history import past_case
from tests.support.open311 import validate, xml_items

pytestmark = pytest.mark.usefixtures("clock")  # dates are built relative to a fixed moment


@pytest.fixture
def settings(sqlite_url, fake_line, tmp_path):
    """Test settings whose webhooks may reach the subscriber on loopback (allowed by name)."""
    return make_settings(sqlite_url, fake_line, tmp_path, webhook_allowed_private_hosts=LOOPBACK)


def fetch(url: str, form: dict | None = None) -> bytes:
    """GET, or POST a form, over HTTP like any other client."""
    data = urllib.parse.urlencode(form).encode() if form is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10) as answer:
        return answer.read()


def test_a_client_creates_a_request_lists_it_in_both_formats_and_hears_its_state_change(app):
    runtime = app.extensions["chaeng"]
    with runtime.db.uow() as uow:  # Pathum Wan fixed 20 roads lately in 1..20 days: median 10.5
        for n in range(20):
            past_case(uow, "ถนน", district="ปทุมวัน", created=utcnow() - timedelta(days=30 + n),
                      finished_after=1 + n)
        uow.commit()
    key = app.test_cli_runner().invoke(args=["apikeys", "add", "third-party"]).output.strip()
    with Subscriber() as hook, serving(app) as base:
        _, secret = subscribe(app, hook.url)
        created = json.loads(fetch(f"{base}/open311/v2/requests.json", {
            "api_key": key, "service_code": "road", "lat": "13.7465", "long": "100.5348",
            "description": "ถนนเป็นหลุมลึก"}))
        ticket = created[0]["service_request_id"]
        listed = json.loads(fetch(f"{base}/open311/v2/requests.json?service_request_id={ticket}"))
        validate(listed, "requests.json")
        assert listed[0]["agency_responsible"] == "สำนักงานเขตปทุมวัน"
        requested = listed[0]["requested_datetime"]
        assert listed[0]["expected_datetime"][:13] == _plus_days(requested, 10.5)[:13]
        items = xml_items(fetch(f"{base}/open311/v2/requests.xml?service_request_id={ticket}"),
                          "service_requests", "request", "request.json")
        assert [i.findtext("service_request_id") for i in items] == [ticket]
        act(app, ticket, "accept")
        worker.run(runtime, drain=True, poll_seconds=0.01)
    assert hook.events == [("case.created", ticket), ("case.state_changed", ticket)]
    assert all(r.signed_with(secret) for r in hook.received)
    assert hook.received[-1].json["case"]["state"] == "in_progress"


def _plus_days(iso: str, days: float) -> str:
    """An ISO time moved by some days."""
    return (datetime.fromisoformat(iso) + timedelta(days=days)).isoformat()
