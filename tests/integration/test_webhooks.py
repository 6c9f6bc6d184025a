"""Outgoing webhooks: signed, delivered by the worker, retried, and paused when they fail for good."""
from __future__ import annotations

import re

import pytest

from bot import create_app, services, worker
from tests.support.casework import move
from tests.conftest import make_settings
from tests.fakes.webhook_subscriber import LOOPBACK, Subscriber


@pytest.fixture
def app_on(database_url, fake_line, tmp_path):
    """The app on each database, retrying after 10 ms, giving up after three attempts; its
    subscribers run on loopback, which the city allows by name as if it were its own network."""
    app = create_app(make_settings(database_url, fake_line, tmp_path, send_attempts=3,
                                   webhook_allowed_private_hosts=LOOPBACK))
    yield app
    app.extensions["chaeng"].db.dispose()


def subscribe(app, url: str) -> tuple[int, str]:
    """Register a subscriber the way an admin does; return its id and secret."""
    result = app.test_cli_runner().invoke(args=["webhooks", "add", url])
    assert result.exit_code == 0, result.output
    found = re.search(r"subscriber (\d+) added; secret \(shown once\): ([0-9a-f]{64})", result.output)
    return int(found.group(1)), found.group(2)


def report(app) -> str:
    """A case from the chat, with a phone number in it; its ticket id."""
    with app.extensions["chaeng"].db.uow() as uow:
        services.ensure_user(uow, "U1")
        case = services.submit_report(
            uow, "U1", description="ไฟดับ โทร 081-234-5678", categories=["แสงสว่าง"],
            latitude=13.74, longitude=100.53, address=None, district="ปทุมวัน", subdistrict=None,
            photo_ids=[])
        uow.commit()
        return case.ticket_id


def act(app, ticket: str, *actions: str) -> None:
    """Officers move a case along."""
    with app.extensions["chaeng"].db.uow() as uow:
        for action in actions:
            move(uow, ticket, action, actor="officer")
        uow.commit()


def drain(app) -> None:
    """Run the worker until nothing is left to do."""
    worker.run(app.extensions["chaeng"], drain=True, poll_seconds=0.01)


def cli(app, *args) -> str:
    """Run a webhooks command and return its output."""
    return app.test_cli_runner().invoke(args=["webhooks", *args]).output


def test_new_cases_and_state_changes_reach_the_subscriber_signed_and_redacted(app_on):
    with Subscriber() as hook:
        _, secret = subscribe(app_on, hook.url)
        ticket = report(app_on)
        act(app_on, ticket, "accept", "finish")
        drain(app_on)
    assert hook.events == [("case.created", ticket), ("case.state_changed", ticket),
                           ("case.state_changed", ticket)]
    assert all(r.signed_with(secret) for r in hook.received)
    assert not hook.received[0].signed_with("another secret")
    last = hook.received[-1].json
    assert (last["from_state"], last["case"]["state"], last["case"]["status"]) == (
        "in_progress", "finished", "closed")
    assert b"081-234-5678" not in b"".join(r.body for r in hook.received)
    assert "U1" not in str([r.json for r in hook.received])
    assert cli(app_on, "log").count("\tsent\t") == 3


def test_an_open311_request_and_its_state_change_reach_the_subscriber(app_on):
    key = app_on.test_cli_runner().invoke(args=["apikeys", "add", "app"]).output.strip()
    with Subscriber() as hook:
        subscribe(app_on, hook.url)
        answer = app_on.test_client().post("/open311/v2/requests.json", data={
            "api_key": key, "service_code": "road", "lat": "13.74", "long": "100.53"})
        ticket = answer.json[0]["service_request_id"]
        act(app_on, ticket, "accept")
        drain(app_on)
    assert hook.events == [("case.created", ticket), ("case.state_changed", ticket)]
    assert hook.received[0].json["case"]["source"] == "open311"


def test_a_subscriber_that_fails_for_a_while_gets_every_event_in_order_after_retries(app_on):
    with Subscriber(statuses=[503, 500]) as hook:
        subscribe(app_on, hook.url)
        ticket = report(app_on)
        act(app_on, ticket, "accept")
        drain(app_on)
    assert hook.answered == [503, 500, 200, 200]
    assert hook.events == [("case.created", ticket), ("case.state_changed", ticket)]
    assert "\tsent\tattempts 2\t200" in cli(app_on, "log")


def test_a_subscriber_that_is_gone_is_paused_its_events_held_and_resumed_later(app_on):
    with Subscriber(statuses=[410]) as hook:
        subscriber_id, _ = subscribe(app_on, hook.url)
        first = report(app_on)
        drain(app_on)
        second = report(app_on)  # arrives while paused: held, not sent, not lost
        drain(app_on)
        assert hook.answered == [410]
        assert f"{subscriber_id}\tpaused\t{hook.url}\tdelivery" in cli(app_on, "list")
        cli(app_on, "resume", str(subscriber_id))
        drain(app_on)
    assert hook.events == [("case.created", first), ("case.created", second)]
    assert f"{subscriber_id}\tactive" in cli(app_on, "list")


def test_an_unreachable_subscriber_is_paused_after_its_attempts_not_retried_forever(app_on):
    with Subscriber() as hook:
        url = hook.url
    subscriber_id, _ = subscribe(app_on, url)  # nobody listens there any more
    report(app_on)
    drain(app_on)
    assert f"{subscriber_id}\tpaused" in cli(app_on, "list")
    assert "\tfailed\tattempts 3" in cli(app_on, "log")
    assert "removed" in cli(app_on, "remove", str(subscriber_id))
    assert cli(app_on, "list") == ""
