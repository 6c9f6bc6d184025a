"""Supervisors tied to agencies, the agency filter and counts, and webhook subscribers, on the dashboard."""
from __future__ import annotations

import csv
import io
import re

from alembic import command
from sqlalchemy import create_engine, inspect, text

from bot.cli import alembic_config
from tests.support.staff import StaffClient, make_case, signed_in

TICKETS = re.compile(r'href="/admin/cases/(\d{4}-[0-9A-Z]{6})"')


def test_admins_add_makes_a_supervisor_of_named_agencies_and_refuses_unknown_ones(app):
    runner = app.test_cli_runner()
    made = runner.invoke(args=["admins", "add", "sup@city.go.th", "--role", "supervisor",
                               "--agency", "ratchathewi", "--agency", "Bangrak"])
    assert made.exit_code == 0, made.output
    assert "sup@city.go.th is now supervisor for bangrak, ratchathewi" in made.output
    unknown = runner.invoke(args=["admins", "add", "x@city.go.th", "--role", "supervisor",
                                  "--agency", "atlantis"])
    assert unknown.exit_code != 0 and "no agency atlantis" in unknown.output
    wrong_role = runner.invoke(args=["admins", "add", "y@city.go.th", "--role", "operator",
                                     "--agency", "bangrak"])
    assert wrong_role.exit_code != 0 and "only a supervisor" in wrong_role.output
    password = re.search(r"shown once.*: (\S+)", made.output).group(1)
    ours = make_case(app.extensions["chaeng"], district="บางรัก")
    supervisor = StaffClient(app)
    supervisor.sign_in("sup@city.go.th", password)
    assert 'id="act-accept"' in supervisor.get(f"/admin/cases/{ours.ticket_id}").get_data(as_text=True)


def test_the_list_map_and_statistics_filter_by_agency_and_count_cases_per_agency(site):
    runtime = site.extensions["chaeng"]
    bangrak = [make_case(runtime, district="บางรัก") for _ in range(2)]
    wires = make_case(runtime, district="บางรัก", categories=["สายไฟ"])  # routed to MEA
    admin = signed_in(site, "a@city.go.th", "admin")
    listed = TICKETS.findall(admin.get("/admin/cases/?agency=bangrak").get_data(as_text=True))
    assert sorted(listed) == sorted(c.ticket_id for c in bangrak)
    assert TICKETS.findall(admin.get("/admin/cases/?agency=mea").get_data(as_text=True)) == [
        wires.ticket_id]
    assert "ไม่พบเรื่อง" in admin.get("/admin/cases/?agency=nowhere").get_data(as_text=True)
    points = admin.get("/admin/map/points.json?agency=mea").get_json()["points"]
    assert [p["ticket"] for p in points] == [wires.ticket_id]
    table = list(csv.reader(io.StringIO(admin.get("/admin/stats/agencies.csv").get_data(as_text=True))))
    assert table[0] == ["agency", "name_th", "name_en", "cases"]
    assert table[1][0] == "bangrak" and table[1][3] == "2" and ["mea"] == [r[0] for r in table[2:]]
    page = admin.get("/admin/stats/?agency=mea").get_data(as_text=True)
    assert 'id="chart-agencies"' in page and "การไฟฟ้านครหลวง" in page


def test_an_admin_manages_webhook_subscribers_and_every_change_is_audited(app):
    admin = signed_in(app, "a@city.go.th", "admin")
    added = admin.post("/admin/webhooks/", {"url": "https://example.org/hook"}).get_data(as_text=True)
    secret = re.search(r'id="new-secret">[^<]*<code>([0-9a-f]{64})</code>', added).group(1)
    page = admin.get("/admin/webhooks/").get_data(as_text=True)
    assert "https://example.org/hook" in page and secret not in page  # shown once
    own = admin.post("/admin/webhooks/", {"url": "https://example.net/h", "secret": "s" * 20})
    assert "s" * 20 in own.get_data(as_text=True)
    assert admin.post("/admin/webhooks/", {"url": "ftp://x"}).status_code == 400
    first = int(re.search(r'id="subscriber-(\d+)"', page).group(1))
    admin.post(f"/admin/webhooks/{first}/pause")
    assert re.search(rf'id="subscriber-{first}">.*?status paused', admin.get(
        "/admin/webhooks/").get_data(as_text=True), re.S)
    admin.post(f"/admin/webhooks/{first}/resume")
    admin.post(f"/admin/webhooks/{first}/remove")
    assert f'id="subscriber-{first}"' not in admin.get("/admin/webhooks/").get_data(as_text=True)
    listed = app.test_cli_runner().invoke(args=["webhooks", "list"]).output
    assert "https://example.net/h" in listed and "example.org" not in listed
    audit = admin.get("/admin/logs/audit?actor=admin:a@").get_data(as_text=True)
    # webhook_add, _pause, _resume and _remove, as the Thai page says them
    for action in ("เพิ่มผู้รับเว็บฮุก", "หยุดเว็บฮุก", "เปิดเว็บฮุกต่อ", "ลบเว็บฮุก"):
        assert action in audit
    assert secret not in audit


def test_the_dashboard_refuses_webhooks_to_internal_addresses_with_a_clear_message(app):
    admin = signed_in(app, "a@city.go.th", "admin")
    for url in ("http://169.254.169.254/latest/meta-data/", "http://[::1]:5432/",
                "http://2130706433/"):
        answer = admin.post("/admin/webhooks/", {"url": url})
        page = answer.get_data(as_text=True)
        assert answer.status_code == 400 and "WEBHOOK_ALLOWED_PRIVATE_HOSTS" in page, url
        assert 'id="subscriber-' not in page
    assert app.test_cli_runner().invoke(args=["webhooks", "list"]).output == ""


def test_only_admins_open_the_webhook_subscribers(app):
    supervisor = signed_in(app, "s@city.go.th", "supervisor")
    assert supervisor.get("/admin/webhooks/").status_code == 403
    assert supervisor.post("/admin/webhooks/", {"url": "https://example.org/x"}).status_code == 403


def test_the_dashboards_old_audit_rows_join_the_one_audit_log_when_migrating(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = alembic_config(url)
    command.upgrade(config, "0006")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO admin_audit (at, actor, action, outcome, ticket_id, before, after) "
            "VALUES ('2026-11-20 01:00:00.000000', 'admin:old@city.go.th', 'hide_case', 'done', "
            "'2026-AAAAAA', '{}', '{}')"))
    command.upgrade(config, "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT actor, action, ticket_id FROM audit_log")).all()
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert rows == [("admin:old@city.go.th", "hide_case", "2026-AAAAAA")]
    assert "admin_audit" not in tables and "admin_user_agencies" in tables
