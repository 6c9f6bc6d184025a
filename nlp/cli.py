"""Command line: `flask --app bot nlp train|eval|info|report` and `python -m nlp ...`."""
import json
import os

import click


@click.group("nlp")
def nlp_group():
    """Train and evaluate Chaeng's report classifier and place table."""


def _since(tickets, date):
    """Return the evaluation start: the date given or the start of the last two months of data."""
    from . import dataset

    chosen = date or dataset.default_since(tickets)
    click.echo("evaluating on tickets from: %s" % chosen)
    return chosen


@nlp_group.command("train")
@click.option("--data", "data", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Traffy-format CSV, gzipped or not.")
@click.option("--out", default=None, type=click.Path(dir_okay=False),
              help="Model file to write (default: the shipped nlp/data/classifier.npz).")
@click.option("--places-out", default=None, type=click.Path(dir_okay=False),
              help="Place table to write (default: beside the model as places.npz).")
@click.option("--until", default=None,
              help="Train only on tickets before this date (YYYY-MM-DD); default: everything.")
@click.option("--with-cases", is_flag=True,
              help="Add the app's own cases whose category staff confirmed or corrected (DATABASE_URL).")
def train_cmd(data, out, places_out, until, with_cases):
    """Train the classifier and the place table on everything (what ships) and write them."""
    from . import dataset, geo, places, train
    from .model import MODEL_FILE

    out = out or MODEL_FILE
    places_out = places_out or os.path.join(os.path.dirname(os.path.abspath(out)), "places.npz")
    version = train.code_version()  # before writing anything, so nlp/ is not yet "dirty"
    click.echo("reading %s" % data)
    tickets = dataset.read_tickets(data)
    until = until or "9999-12-31"
    click.echo("training on %s" % ("every ticket" if until >= "9999" else "tickets before %s" % until))
    extra, cases = [], {}
    if with_cases:
        from . import cases as staff

        extra, cases = _read_cases(staff.confirmed_tickets)
        click.echo("staff-confirmed cases added: %d (up to %s)" % (cases["cases"], cases["cases_until"] or "-"))
    with click.progressbar(length=2 * 24, label="training labels") as bar:
        model = train.train_classifier(tickets, data, until, progress=bar.update, version=version, extra=extra)
    model.header.update(cases or dict(cases=0, cases_until=None))
    model.save(out)
    geo.save_table(places_out, places.build_places(tickets, data, until, version))
    click.echo("wrote %s (%.1f MB) and %s" % (out, os.path.getsize(out) / 1e6, places_out))


@nlp_group.command("eval")
@click.option("--data", "data", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--walk-forward", is_flag=True,
              help="Train a temporary model before each monthly cut and test on the month after it.")
@click.option("--months", default=3, show_default=True, help="Walk-forward: how many last months to test on.")
@click.option("--cut", "cuts", multiple=True,
              help="Walk-forward: cut dates (YYYY-MM-DD, repeatable) instead of monthly ones.")
@click.option("--places-only", is_flag=True,
              help="Walk-forward: only the place table's folds, without training classifiers.")
@click.option("--model", "model_path", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Model file (default: the shipped one).")
@click.option("--places", "places_path", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Place table (default: beside the model).")
@click.option("--since", default=None, help="Evaluate on tickets from this date (default: the last two months).")
def eval_cmd(data, walk_forward, months, cuts, places_only, model_path, places_path, since):
    """Print accuracy, F1, per-label figures, confusions, speed and location agreement."""
    from . import dataset

    tickets = dataset.read_tickets(data)
    if walk_forward and places_only:
        from .walkforward import walk_forward_places

        click.echo(walk_forward_places(tickets, months, cuts))
        return
    if walk_forward:
        from .walkforward import format_walk_forward, walk_forward

        reports, mean = walk_forward(tickets, months, cuts=cuts, progress=lambda r: click.echo(
            "fold %s: top-1 %.4f top-3 %.4f micro-F1 %.4f macro-F1 %.4f"
            % (r["cut"], r["top1"], r["top3"], r["micro_f1"], r["macro_f1"]), err=True))
        click.echo(format_walk_forward(reports, mean))
        return
    _eval_model(tickets, model_path, places_path, since)


def _eval_model(tickets, model_path, places_path, since):
    """Evaluate one existing model file on the tickets from `since`."""
    from . import dataset, evaluate, geo
    from .model import MODEL_FILE, load_model

    model_path = model_path or MODEL_FILE
    places_path = places_path or os.path.join(os.path.dirname(os.path.abspath(model_path)), "places.npz")
    since = _since(tickets, since)
    model = load_model(model_path)
    seen_until = model.header.get("train_last", model.header.get("train_until", ""))
    if seen_until >= since:
        click.echo("warning: the model was trained on tickets up to %s, inside the test window; "
                   "use --walk-forward for honest figures" % seen_until)
    test = [t for t in tickets if t.timestamp[:10] >= since]
    click.echo(evaluate.format_classifier_report(evaluate.classifier_report(model, dataset.labelled(test), since)))
    if os.path.exists(places_path):
        geo.set_table(geo.load_table(places_path))
        try:
            click.echo(evaluate.format_location_report(evaluate.location_report(test)))
        finally:
            geo.set_table(None)


@nlp_group.command("info")
@click.option("--model", "model_path", default=None, type=click.Path(exists=True, dir_okay=False))
def info_cmd(model_path):
    """Print the provenance header of a model file."""
    from .model import MODEL_FILE, read_header

    header = read_header(model_path or MODEL_FILE)
    header.pop("label_counts", None)
    click.echo(json.dumps(header, ensure_ascii=False, indent=2))


@nlp_group.command("report")
@click.option("--days", default=30, show_default=True, help="How far back to look.")
def report_cmd(days):
    """Print how often staff changed the predicted category, by predicted label."""
    from . import cases as staff

    click.echo(staff.format_corrections(_read_cases(staff.corrections, days), days))


def _read_cases(read, *args):
    """Run a reader of the app's cases, turning a database failure into a clear message."""
    from sqlalchemy.exc import SQLAlchemyError

    from . import cases as staff

    try:
        return read(staff.database(), *args)
    except SQLAlchemyError as error:
        # The class name only: the message may carry the database URL and its password.
        raise click.ClickException("cannot read the app's cases (%s); has `flask --app bot db upgrade` run "
                                   "on this DATABASE_URL?" % type(error).__name__) from None
