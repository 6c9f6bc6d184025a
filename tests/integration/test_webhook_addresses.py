"""Outgoing webhooks reach the public internet only: refused at registration, and again when
sending after resolving the name, at the address that was checked; no redirect is followed, and
every network failure is logged as the same error (no port scanning through the log)."""
from __future__ import annotations

import pytest

from bot import create_app
from tests.conftest import make_settings
from tests.fakes.webhook_subscriber import LOOPBACK, RawServer, Subscriber
from tests.integration.test_webhooks import app_on, cli, drain, report, subscribe  # noqa: F401

INTERNAL = ["http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
            "http://localhost:5432/", "http://[::1]/", "http://0x7f000001/", "http://2130706433/",
            "http://0177.0.0.1/", "http://[::ffff:169.254.169.254]/", "http://100.64.0.1/",
            "http://224.0.0.1/", "http://0.0.0.0:6379/"]
REFUSED = "private, loopback or reserved address"


@pytest.fixture
def strict(database_url, fake_line, tmp_path):
    """The app on each database with no private host allowed, as a city deploys it by default."""
    app = create_app(make_settings(database_url, fake_line, tmp_path, send_attempts=3))
    yield app
    app.extensions["chaeng"].db.dispose()


def port(hook: Subscriber) -> int:
    """The port a subscriber listens on."""
    return hook.server.server_address[1]


def dns(*addresses: str):
    """A resolver that answers every name with these addresses (the test's own DNS)."""
    return lambda host, port: list(addresses)


def deliveries(app) -> list[list[str]]:
    """`webhooks log` as rows of fields (newest first)."""
    return [line.split("\t") for line in cli(app, "log").splitlines()]


def test_the_cli_refuses_internal_addresses_however_they_are_spelt(app):
    with Subscriber() as hook:
        for url in INTERNAL + [hook.url]:
            result = app.test_cli_runner().invoke(args=["webhooks", "add", url])
            assert result.exit_code != 0 and REFUSED in result.output, url
    assert cli(app, "list") == ""


def test_the_loopback_subscriber_is_registered_only_when_allowed_by_name(database_url, fake_line,
                                                                          tmp_path):
    allowed = create_app(make_settings(database_url, fake_line, tmp_path,
                                       webhook_allowed_private_hosts=LOOPBACK))
    with Subscriber() as hook:
        subscriber_id, _ = subscribe(allowed, hook.url)
        refused = allowed.test_cli_runner().invoke(args=["webhooks", "add", "http://10.0.0.1/"])
    assert refused.exit_code != 0 and REFUSED in refused.output
    assert cli(allowed, "list") == f"{subscriber_id}\tactive\t{hook.url}\n"
    allowed.extensions["chaeng"].db.dispose()


def test_a_subscriber_no_longer_allowed_is_refused_when_sending_and_paused(app_on, strict):
    with Subscriber() as hook:  # registered while allowed, sent by a worker without the allow-list
        subscriber_id, _ = subscribe(app_on, hook.url)
        report(strict)
        drain(strict)
    assert hook.received == []
    assert f"{subscriber_id}\tpaused\t{hook.url}\tdelivery" in cli(strict, "list")
    [row] = deliveries(strict)
    assert row[5:7] == ["failed", "attempts 1"] and REFUSED in row[-1]


def test_a_name_that_turns_private_after_registration_is_refused_when_sending(strict):
    runtime = strict.extensions["chaeng"]
    with Subscriber() as hook:
        runtime.resolve = dns("93.184.215.14")  # public when registered...
        subscriber_id, _ = subscribe(strict, f"http://rebind.example.test:{port(hook)}/hook")
        runtime.resolve = dns("127.0.0.1")  # ...loopback when the worker sends (DNS rebinding)
        report(strict)
        drain(strict)
    assert hook.received == []
    assert f"{subscriber_id}\tpaused" in cli(strict, "list")
    assert REFUSED in deliveries(strict)[0][-1]


def test_a_private_host_the_city_allows_is_reached_at_a_checked_address_under_its_name(
        database_url, fake_line, tmp_path):
    app = create_app(make_settings(database_url, fake_line, tmp_path,
                                   webhook_allowed_private_hosts=("hooks.city.test",)))
    # The city's DNS (the system has no such name); nobody listens at the first address.
    app.extensions["chaeng"].resolve = dns("::1", "127.0.0.1")
    with Subscriber() as hook:
        subscribe(app, f"http://hooks.city.test:{port(hook)}/in?src=chaeng")
        ticket = report(app)
        drain(app)
    assert hook.events == [("case.created", ticket)]
    assert hook.received[0].headers["Host"] == f"hooks.city.test:{port(hook)}"
    app.extensions["chaeng"].db.dispose()


def test_a_redirect_is_a_failed_delivery_and_is_never_followed(app_on):
    with Subscriber() as elsewhere, Subscriber(then=302, location=elsewhere.url) as hook:
        subscriber_id, _ = subscribe(app_on, hook.url)
        report(app_on)
        drain(app_on)
    assert hook.answered == [302, 302, 302] and elsewhere.received == []
    assert f"{subscriber_id}\tpaused" in cli(app_on, "list")
    assert deliveries(app_on)[0][-1] == "HTTP 302: redirects are not followed"


def test_every_network_failure_is_logged_as_one_and_the_same_error(app_on):
    with Subscriber() as gone:
        closed_port = gone.url  # nobody listens there once it is closed
    hang_up = RawServer([])  # accepts, reads the request, closes without a word
    other_protocol = RawServer([b"SSH-2.0-OpenSSH_9.6\r\n"])
    with hang_up, other_protocol, Subscriber() as plain:
        for url in (closed_port, hang_up.url, other_protocol.url,
                    plain.url.replace("http://", "https://")):  # TLS to a plain HTTP server
            subscribe(app_on, url)
        report(app_on)
        drain(app_on)
    rows = deliveries(app_on)
    assert len(rows) == 4 and {row[5] for row in rows} == {"failed"}
    assert len({row[-1] for row in rows}) == 1, [row[-1] for row in rows]
    assert "no connection" in rows[0][-1] and "Errno" not in rows[0][-1]
