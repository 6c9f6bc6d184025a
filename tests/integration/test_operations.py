"""GET /healthz and GET /metrics, on SQLite and PostgreSQL, against real worker runs."""
from __future__ import annotations

from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import update

from bot import create_app
from storage.admin_models import WorkerHeartbeat
from storage.models import utcnow
from tests.conftest import make_settings
from tests.support import events
from tests.support.line import LineDriver


@pytest.fixture
def ops(database_url, fake_line, tmp_path):
    """The app on each database, with a LINE driver to feed it events."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    yield app, LineDriver(app, fake_line)
    app.extensions["chaeng"].db.dispose()


def scrape(app) -> dict[str, float]:
    """GET /metrics and read it with Prometheus's own parser: sample name{labels} -> value."""
    answer = app.test_client().get("/metrics")
    assert answer.status_code == 200 and answer.mimetype == "text/plain"
    samples = {}
    for family in text_string_to_metric_families(answer.get_data(as_text=True)):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return samples


def test_healthz_is_503_until_a_worker_has_beaten_and_200_after(ops):
    app, line = ops
    silent = app.test_client().get("/healthz")
    assert silent.status_code == 503
    assert silent.get_json()["status"] == "worker silent" and silent.get_json()["database"] == "ok"
    line.drain()
    healthy = app.test_client().get("/healthz").get_json()
    assert healthy["status"] == "ok" and healthy["worker_heartbeat_age_seconds"] < 5


def test_healthz_is_503_when_the_worker_has_been_silent_past_the_threshold(ops):
    app, line = ops
    line.drain()
    runtime = app.extensions["chaeng"]
    with runtime.db.uow() as uow:
        uow.session.execute(update(WorkerHeartbeat).values(beat_at=utcnow() - timedelta(
            seconds=runtime.settings.worker_silent_seconds + 5)))
        uow.commit()
    answer = app.test_client().get("/healthz")
    assert answer.status_code == 503 and answer.get_json()["worker_heartbeat_age_seconds"] > 60


def test_healthz_reports_the_backlogs(ops):
    app, line = ops
    user = events.new_user()
    line.post(events.text(user, "ถนนเป็นหลุม"), events.text(user, "ใหญ่มาก"))
    assert app.test_client().get("/healthz").get_json()["inbox_pending"] == 2


def test_metrics_scrape_cleanly_and_count_from_the_database(ops):
    app, line = ops
    user = events.new_user()
    line.send(events.follow(user), events.text(user, "ถนนเป็นหลุมใหญ่ หน้าปากซอย"))
    line.send(events.location(user, 13.7563, 100.5018))
    line.say(user, "ยืนยัน")
    seen = scrape(app)
    assert seen["chaeng_webhook_events_received_total"] == 4
    assert seen["chaeng_events_processed_total{outcome=done}"] == 4
    assert seen["chaeng_events_processed_total{outcome=failed}"] == 0
    assert seen["chaeng_event_processing_seconds_count"] == 4
    assert seen["chaeng_event_processing_seconds_bucket{le=+Inf}"] == 4
    assert seen["chaeng_event_processing_seconds_bucket{le=300.0}"] == 4
    assert seen["chaeng_cases{state=waiting}"] == 1 and seen["chaeng_cases{state=finished}"] == 0
    calls = seen["chaeng_line_api_calls_total{outcome=reply}"] + seen[
        "chaeng_line_api_calls_total{outcome=push}"]
    assert calls == 4 and seen["chaeng_line_api_calls_total{outcome=error}"] == 0
    assert seen["chaeng_outbox_backlog"] == 0 and seen["chaeng_outbox_failed"] == 0
    assert 0 <= seen["chaeng_worker_heartbeat_age_seconds"] < 5


def test_metrics_are_the_same_whichever_web_process_answers(ops, fake_line, tmp_path):
    app, line = ops
    user = events.new_user()
    line.send(events.follow(user))
    other_process = create_app(app.extensions["chaeng"].settings)  # gunicorn's second worker
    try:
        first, second = scrape(app), scrape(other_process)
    finally:
        other_process.extensions["chaeng"].db.dispose()
    first.pop("chaeng_worker_heartbeat_age_seconds"), second.pop("chaeng_worker_heartbeat_age_seconds")
    assert first == second and first["chaeng_webhook_events_received_total"] == 1
