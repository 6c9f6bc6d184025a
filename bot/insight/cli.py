"""`flask --app bot hotspots` and `flask --app bot expected accuracy`: insight for planners."""
from __future__ import annotations

import time
from datetime import datetime, timezone

import click
from flask import current_app
from flask.cli import with_appcontext

from bot.insight import digest as digests
from bot.insight import expected, hotspots, queries, weekly


@click.command("hotspots")
@click.option("--category", required=True, help="A category in Thai, as on cases (e.g. น้ำท่วม).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only cases reported since.")
@click.option("--radius", default=50.0, show_default=True, help="Metres around a hotspot's centre.")
@click.option("--limit", default=20, show_default=True, help="How many hotspots to print.")
@with_appcontext
def hotspots_command(category: str, since, radius: float, limit: int) -> None:
    """Print the places where reports of one category keep coming back."""
    started = time.monotonic()
    since = since.replace(tzinfo=timezone.utc) if since else None
    with current_app.extensions["chaeng"].db.uow() as uow:
        points = queries.hotspot_points(uow, category, since)
    found = hotspots.find(points, radius_m=radius)
    click.echo(f"{len(found)} hotspot(s) of {category} among {len(points)} located case(s), "
               f"radius {radius:g} m ({time.monotonic() - started:.1f} s)")
    click.echo("rank  place                        lat        long        cases weeks first      "
               "last       finished  median days")
    for rank, spot in enumerate(found[:limit], 1):
        days = f"{spot.median_days_to_fix:.1f}" if spot.median_days_to_fix is not None else "-"
        click.echo(f"{rank:>4}  {(spot.place or '-')[:28]:<28} {spot.latitude:<10.5f} "
                   f"{spot.longitude:<11.5f} {spot.count:>5} {spot.weeks:>5} "
                   f"{spot.first:%Y-%m-%d} {spot.last:%Y-%m-%d} {spot.share_finished:>8.0%}  {days:>11}")


@click.group("expected")
def expected_group() -> None:
    """Expected time to fix, as told to citizens."""


@expected_group.command("accuracy")
@click.option("--sample", default=5000, show_default=True, help="Finished cases to replay.")
@with_appcontext
def accuracy_command(sample: int) -> None:
    """Replay history: how often the real time to fix fell in the range a citizen was told."""
    with current_app.extensions["chaeng"].db.uow() as uow:
        history = queries.finished_history(uow)
    result = expected.accuracy(history, sample=sample)
    click.echo(f"{len(history)} finished case(s); replayed {result.checked + result.without_estimate}")
    click.echo(f"told a range: {result.checked} (too few similar cases for {result.without_estimate})")
    click.echo(f"real time within the range told: {result.within} ({result.share_within:.1%}); "
               f"the range is the {expected.RANGE[0]}th-{expected.RANGE[1]}th percentile, "
               f"so about {expected.RANGE[1] - expected.RANGE[0]}% is what a steady city gets")


@click.command("digest")
@click.option("--district", required=True, help="In Thai or English, e.g. ราชเทวี or Ratchathewi.")
@click.option("--send/--no-send", default=True, show_default=True,
              help="Queue the card to the office's bound LINE groups (once per week).")
@with_appcontext
def digest_command(district: str, send: bool) -> None:
    """Print a district's weekly digest and push it to its office's LINE groups."""
    try:
        name = digests.district_named(district)
    except digests.UnknownDistrict as error:
        raise click.BadParameter(str(error), param_hint="--district") from None
    with current_app.extensions["chaeng"].db.uow() as uow:
        found = digests.build(uow, name)
        for line in found.lines():
            click.echo(line)
        if not send:
            return
        queued, already = weekly.queue(uow, found)
        uow.commit()
    if not queued and not already:
        click.echo(f"no LINE group is bound to the {found.district_en} office: nothing pushed")
    else:
        click.echo(f"pushed to {queued} group(s); {already} already had this week's digest")


def init_app(app) -> None:
    """Register the insight commands."""
    app.cli.add_command(hotspots_command)
    app.cli.add_command(expected_group)
    app.cli.add_command(digest_command)
