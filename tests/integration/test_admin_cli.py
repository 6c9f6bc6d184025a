"""`flask --app bot agencies|routing|officers`: what an admin types and what they read back."""
import re

import pytest


@pytest.fixture
def cli(app):
    """Runs a flask CLI command against the test app and returns its result."""
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def test_agencies_list_prints_one_agency_a_line_code_first(cli):
    lines = cli("agencies", "list").output.splitlines()
    assert len(lines) == 58  # 50 district offices, 5 departments, MEA, MWA, triage
    assert "ratchathewi\tdistrict\tenabled\tสำนักงานเขตราชเทวี\tRatchathewi District Office" in lines


def test_an_added_agency_is_listed_and_a_disabled_one_says_so(cli):
    assert cli("agencies", "add", "canals", "--th", "สำนักคลอง", "--en", "Canals").exit_code == 0
    assert cli("agencies", "disable", "canals").output == "canals disabled\n"
    assert "canals\tdepartment\tdisabled" in cli("agencies", "list").output
    again = cli("agencies", "add", "canals", "--th", "x", "--en", "x")
    assert again.exit_code == 1 and "already exists" in again.output


def test_officers_add_prints_a_link_code_and_officers_list_shows_them(cli):
    result = cli("officers", "add", "--name", "Somchai", "--agency", "ratchathewi")
    assert result.exit_code == 0
    assert re.search(r"/link [0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}", result.output)
    assert "24 hours" in result.output
    assert "1\tratchathewi\tunlinked\tenabled\tSomchai" in cli("officers", "list").output
    assert cli("officers", "disable", "1").exit_code == 0
    assert "disabled" in cli("officers", "list").output
    unknown = cli("officers", "add", "--name", "X", "--agency", "nowhere")
    assert unknown.exit_code == 1 and "nowhere" in unknown.output


def test_a_routing_file_round_trips_and_an_import_prints_what_changed(cli, tmp_path):
    exported = tmp_path / "routing.csv"
    assert cli("routing", "export", str(exported)).exit_code == 0
    assert cli("routing", "import", str(exported)).output == "no changes\n"
    exported.write_text(exported.read_text() + "ถนน,*,publicworks\n", encoding="utf-8")
    result = cli("routing", "import", str(exported))
    assert result.output == "added: ถนน x * -> publicworks\n1 change(s)\n"


def test_a_routing_file_with_a_bad_line_imports_nothing_and_names_the_line(cli, tmp_path):
    exported = tmp_path / "routing.csv"
    cli("routing", "export", str(exported))
    exported.write_text(exported.read_text() + "ถนน,*,publicworks\nถนน,ราชเทวี,nosuch\n")
    result = cli("routing", "import", str(exported))
    assert result.exit_code == 1 and "line 55: unknown or disabled agency 'nosuch'" in result.output
    cli("routing", "export", str(exported))
    assert "publicworks" not in exported.read_text()


def test_admins_disable_stops_an_account_and_is_audited_and_admins_add_brings_it_back(cli, app):
    from sqlalchemy import select

    from storage.admin_models import AdminUser
    from storage.models import AuditEntry

    assert cli("admins", "add", "a@city.go.th", "--role", "admin").exit_code == 0
    done = cli("admins", "disable", "A@City.go.th")
    assert done.exit_code == 0 and done.output == "a@city.go.th disabled; its sessions are ended\n"
    unknown = cli("admins", "disable", "nobody@city.go.th")
    assert unknown.exit_code != 0 and "no account nobody@city.go.th" in unknown.output
    with app.extensions["chaeng"].db.uow() as uow:
        assert not uow.session.scalar(select(AdminUser.active))
        actions = [(e.actor, e.action, e.outcome) for e in
                   uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == [("admin:cli", "admin_disable", "done")]
    assert cli("admins", "add", "a@city.go.th", "--role", "operator").exit_code == 0
    with app.extensions["chaeng"].db.uow() as uow:
        assert uow.session.scalar(select(AdminUser.active))
