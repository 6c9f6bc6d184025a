"""Admin commands: `flask --app bot agencies|routing|officers|richmenu ...`."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from bot import services
from bot.permissions import Actor
from bot.routing import RoutingError

CLI_ACTOR = Actor.admin("cli")


def _uow():
    """A unit of work on the app's database."""
    return current_app.extensions["chaeng"].db.uow()


def _fail(error: Exception) -> None:
    """Stop with the error's message and a non-zero exit code."""
    raise click.ClickException(str(error).strip("'\""))


@click.group("agencies", cls=AppGroup)
def agencies() -> None:
    """List, add, disable or enable agencies."""


@agencies.command("list")
def agencies_list() -> None:
    """Print one agency a line: code, kind, state, Thai name, English name."""
    with _uow() as uow:
        for agency in services.agencies(uow):
            state = "enabled" if agency.enabled else "disabled"
            click.echo(f"{agency.code}\t{agency.kind}\t{state}\t{agency.name_th}\t{agency.name_en}")


@agencies.command("add")
@click.argument("code")
@click.option("--th", "name_th", required=True, help="Thai name")
@click.option("--en", "name_en", required=True, help="English name")
@click.option("--kind", type=click.Choice(["district", "department", "utility", "triage", "other"]),
              default="department", show_default=True)
def agencies_add(code: str, name_th: str, name_en: str, kind: str) -> None:
    """Add an agency with a new code."""
    with _uow() as uow:
        try:
            agency = services.add_agency(uow, code, name_th, name_en, kind, CLI_ACTOR)
        except ValueError as error:
            _fail(error)
        uow.commit()
        click.echo(f"added {agency.code}")


@agencies.command("disable")
@click.argument("code")
def agencies_disable(code: str) -> None:
    """Disable an agency: routing passes it by and its officers can no longer act."""
    _set_agency(code, False)


@agencies.command("enable")
@click.argument("code")
def agencies_enable(code: str) -> None:
    """Enable an agency again."""
    _set_agency(code, True)


def _set_agency(code: str, enabled: bool) -> None:
    """Switch an agency on or off."""
    with _uow() as uow:
        try:
            agency = services.set_agency_enabled(uow, code, enabled, CLI_ACTOR)
        except LookupError as error:
            _fail(error)
        uow.commit()
        click.echo(f"{agency.code} {'enabled' if enabled else 'disabled'}")


@agencies.command("link-code")
@click.argument("code")
def agencies_link_code(code: str) -> None:
    """Print a one-time code that binds a LINE group to the agency (sent there as /link CODE)."""
    with _uow() as uow:
        agency = services.agency_by_code(uow, code)
        if agency is None:
            _fail(LookupError(f"no enabled agency {code}"))
        link_code = services.new_link_code(uow, agency)
        uow.commit()
    click.echo(f"{link_code}\nA linked officer of {code} sends \"/link {link_code}\" in the group "
               f"within {services.LINK_CODE_HOURS} hours; the code works once.")


@click.group("routing", cls=AppGroup)
def routing() -> None:
    """Export or import the routing table (CSV: category,district,agency; * means any)."""


@routing.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def routing_export(file: Path) -> None:
    """Write the routing table to FILE."""
    with _uow() as uow:
        text = services.export_rules(uow)
    file.write_text(text, encoding="utf-8")
    click.echo(f"wrote {text.count(chr(10)) - 1} rules to {file}")


@routing.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def routing_import(file: Path) -> None:
    """Replace the routing table with FILE's rules, all or nothing, and print what changed."""
    with _uow() as uow:
        try:
            changes = services.import_rules(uow, file.read_text(encoding="utf-8-sig"), CLI_ACTOR)
        except (RoutingError, UnicodeDecodeError) as error:
            problems = getattr(error, "problems", [str(error)])
            raise click.ClickException("nothing imported:\n" + "\n".join(problems)) from None
        uow.commit()
    for change in changes:
        click.echo(str(change))
    click.echo(f"{len(changes)} change(s)" if changes else "no changes")


@click.group("officers", cls=AppGroup)
def officers() -> None:
    """Add, list, disable or enable officers."""


@officers.command("add")
@click.option("--name", required=True)
@click.option("--agency", "agency_code", required=True, help="agency code (see agencies list)")
def officers_add(name: str, agency_code: str) -> None:
    """Add an officer and print their one-time link code (valid 24 hours)."""
    with _uow() as uow:
        try:
            officer, code = services.add_officer(uow, name, agency_code, CLI_ACTOR)
        except LookupError as error:
            _fail(error)
        uow.commit()
        click.echo(f"officer {officer.id} added to {agency_code.lower()}")
    click.echo(f"link code: {code}\nThe officer sends \"/link {code}\" to the bot in LINE within "
               f"{services.LINK_CODE_HOURS} hours; the code works once.")


@officers.command("list")
def officers_list() -> None:
    """Print one officer a line: id, agency, linked or not, enabled or not, name."""
    with _uow() as uow:
        for officer in services.officers(uow):
            linked = "linked" if officer.line_user_id else "unlinked"
            state = "enabled" if officer.enabled else "disabled"
            click.echo(f"{officer.id}\t{officer.agency.code}\t{linked}\t{state}\t{officer.name}")


@officers.command("disable")
@click.argument("officer_id", type=int)
def officers_disable(officer_id: int) -> None:
    """Stop an officer from acting."""
    _set_officer(officer_id, False)


@officers.command("enable")
@click.argument("officer_id", type=int)
def officers_enable(officer_id: int) -> None:
    """Let a disabled officer act again."""
    _set_officer(officer_id, True)


def _set_officer(officer_id: int, enabled: bool) -> None:
    """Switch an officer on or off."""
    with _uow() as uow:
        try:
            services.set_officer_enabled(uow, officer_id, enabled, CLI_ACTOR)
        except LookupError as error:
            _fail(error)
        uow.commit()
    click.echo(f"officer {officer_id} {'enabled' if enabled else 'disabled'}")



@click.group("richmenu", cls=AppGroup)
def richmenu() -> None:
    """LINE rich menus for citizens and officers."""


@richmenu.command("setup")
def richmenu_setup() -> None:
    """Draw and create the citizen and officer menus; make the citizen menu the default."""
    from bot import richmenu as menus
    from bot.line.client import LineError

    try:
        ids = menus.setup(current_app.extensions["chaeng"])
    except LineError as error:
        raise click.ClickException(f"LINE refused the rich menu: {error} {error.body}") from None
    for name, line_id in ids.items():
        click.echo(f"{name}\t{line_id}")
    click.echo("citizen menu is the default; officers get theirs when the worker next runs")


COMMANDS = (agencies, routing, officers, richmenu)
