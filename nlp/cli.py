"""Command line: `flask --app bot nlp train|eval|info` and `python -m nlp train|eval|info`."""
import json
import os

import click

DEFAULT_OUT = None  # resolved lazily to the shipped model path


@click.group("nlp")
def nlp_group():
    """Train and evaluate Chaeng's report classifier and place table."""


def _split(tickets, date, name):
    """Return the split date: the one given or the start of the last two months of data."""
    from . import dataset

    if date == "all":
        return "9999-12-31"
    chosen = date or dataset.default_since(tickets)
    click.echo("%s: %s" % (name, chosen))
    return chosen


@nlp_group.command("train")
@click.option("--data", "data", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Traffy-format CSV, gzipped or not.")
@click.option("--out", default=None, type=click.Path(dir_okay=False),
              help="Model file to write (default: the shipped nlp/data/classifier.npz).")
@click.option("--places-out", default=None, type=click.Path(dir_okay=False),
              help="Place table to write (default: beside the model as places.npz).")
@click.option("--until", default=None,
              help="Train on tickets before this date (YYYY-MM-DD, or 'all'); default: the last two months are held out.")
def train_cmd(data, out, places_out, until):
    """Train the classifier and the place table and write them."""
    from . import dataset, geo, train
    from .model import MODEL_FILE

    out = out or MODEL_FILE
    places_out = places_out or os.path.join(os.path.dirname(os.path.abspath(out)), "places.npz")
    version = train.code_version()  # before writing anything, so nlp/ is not yet "dirty"
    click.echo("reading %s" % data)
    tickets = dataset.read_tickets(data)
    until = _split(tickets, until, "training on tickets before")
    with click.progressbar(length=2 * 24, label="training labels") as bar:
        model = train.train_classifier(tickets, data, until, progress=bar.update, version=version)
    model.save(out)
    geo.save_table(places_out, train.build_places(tickets, data, until, version))
    click.echo("wrote %s (%.1f MB) and %s" % (out, os.path.getsize(out) / 1e6, places_out))


@nlp_group.command("eval")
@click.option("--data", "data", required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--model", "model_path", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Model file (default: the shipped one).")
@click.option("--places", "places_path", default=None, type=click.Path(exists=True, dir_okay=False),
              help="Place table (default: beside the model).")
@click.option("--since", default=None, help="Evaluate on tickets from this date (default: the last two months).")
def eval_cmd(data, model_path, places_path, since):
    """Print accuracy, F1, per-label figures, confusions, speed and location agreement."""
    from . import dataset, evaluate, geo
    from .model import MODEL_FILE, load_model

    model_path = model_path or MODEL_FILE
    places_path = places_path or os.path.join(os.path.dirname(os.path.abspath(model_path)), "places.npz")
    tickets = dataset.read_tickets(data)
    since = _split(tickets, since, "evaluating on tickets from")
    model = load_model(model_path)
    if model.header.get("train_until", "") > since:
        click.echo("warning: the model was trained on tickets up to %s, inside the test window"
                   % model.header["train_until"])
    test = [t for t in tickets if t.timestamp[:10] >= since]
    report = evaluate.classifier_report(model, dataset.labelled(test))
    click.echo(evaluate.format_classifier_report(report))
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
