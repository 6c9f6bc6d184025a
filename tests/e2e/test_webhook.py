"""POST /callback: signatures, odd bodies, size limits and LINE's own example payloads."""
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import InboxEvent
from tests.support import events

import os

# LINE's own example bodies live beside the repository (../shared), not in it: they are not ours.
FIXTURES = Path(os.environ.get("LINE_FIXTURES_DIR") or
                Path(__file__).resolve().parents[2].parent / "shared" / "line_fixtures")


def stored(runtime) -> int:
    """How many events the inbox holds."""
    with runtime.db.uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(InboxEvent))


def test_a_wrong_signature_is_refused_and_nothing_is_stored(line, runtime):
    response = line.post(events.text(events.new_user(), "hi"), signature="d3Jvbmc=")
    assert response.status_code == 400 and "signature" in response.json["error"]
    assert stored(runtime) == 0


def test_a_missing_signature_is_a_400_not_a_crash(line, runtime):
    response = line.client.post("/callback", data=events.body(), content_type="application/json")
    assert response.status_code == 400 and "X-Line-Signature" in response.json["error"]


def test_a_signed_body_that_is_not_json_gets_a_clear_400(line, runtime):
    response = line.post(raw=b"{not json")
    assert response.status_code == 400 and "malformed" in response.json["error"]


def test_a_body_over_one_megabyte_is_refused_with_413(line, runtime):
    response = line.post(raw=b'{"events": [], "pad": "' + b"x" * (1024 * 1024) + b'"}')
    assert response.status_code == 413
    assert stored(runtime) == 0


def test_the_console_verify_button_with_no_events_gets_200(line):
    assert line.post().status_code == 200


def test_one_odd_event_does_not_lose_the_others_in_its_batch(line, runtime):
    user = events.new_user()
    odd = {"type": "message", "webhookEventId": events.fresh_event_id(), "message": "not an object"}
    response = line.post(events.text(user, "หนึ่ง"), odd, "garbage", events.text(user, "สอง"))
    assert response.status_code == 200 and stored(runtime) == 3
    assert response.is_json and response.json == {
        "status": "ok", "received": 4, "stored": 3, "rejected": 0, "skipped": 1}
    line.drain()
    with runtime.db.uow() as uow:
        assert set(uow.session.scalars(select(InboxEvent.status))) == {"done", "ignored"}


def test_the_webhook_answers_before_any_line_api_call(line, fake_line, runtime):
    response = line.post(events.text(events.new_user(), "ถนนพัง"))
    assert response.status_code == 200 and fake_line.requests == []


def _replay(line, payload: dict) -> None:
    """Post a fixture body with fresh event ids (LINE's examples all share one id)."""
    for event in payload.get("events", []):
        if isinstance(event, dict) and "webhookEventId" in event:
            event["webhookEventId"] = events.fresh_event_id()
    response = line.post(raw=json.dumps(payload).encode())
    assert response.status_code == 200, response.get_data(as_text=True)


FIXTURE_FILES = [p for p in sorted(FIXTURES.glob("*.json")) +
                 sorted((FIXTURES / "official_docs").glob("*.json")) if p.name != "_manifest.json"]
MISSING = pytest.param(None, marks=pytest.mark.skip(
    reason=f"no LINE fixture bodies at {FIXTURES} (set LINE_FIXTURES_DIR)"), id="fixtures-missing")


@pytest.mark.parametrize("path", FIXTURE_FILES or [MISSING], ids=lambda p: getattr(p, "name", p))
def test_lines_own_example_bodies_are_accepted_and_processed(line, runtime, fake_line, path):
    fake_line.add_content("325708", b"\xff\xd8 not really a jpeg")
    _replay(line, json.loads(path.read_text()))
    line.drain()
    with runtime.db.uow() as uow:
        statuses = set(uow.session.scalars(select(InboxEvent.status)))
    assert statuses <= {"done", "ignored"}, statuses
