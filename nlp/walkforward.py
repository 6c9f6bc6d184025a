"""Walk-forward evaluation: train on everything before each monthly cut, test on the month after it."""
import os
import tempfile

import numpy as np

from . import dataset, evaluate, geo, places, train
from .labels import LABELS
from .model import load_model

MEAN_KEYS = ("top1", "top3", "micro_f1", "macro_f1", "macro_f1_trained")


def folds(tickets, months: int = 3, cuts=None) -> list[tuple[str, str]]:
    """Return (cut, end) pairs: each of the last `months` calendar months (or given cuts) is one test window."""
    cuts = sorted(cuts) if cuts else dataset.month_starts(tickets, months)
    return list(zip(cuts, cuts[1:] + ["9999-12-31"]))


def run_fold(prep, tickets, cut, end, workdir) -> dict:
    """Train a temporary model on tickets before `cut`, save and reload it as shipped, test on [cut, end)."""
    n, m = train.before(prep, cut), train.before(prep, end)
    if n < 10 or m <= n:
        raise ValueError("fold %s: %d tickets before it and %d in it" % (cut, n, m - n))
    path = os.path.join(workdir, "classifier-%s.npz" % cut)
    train.fit_model(prep, n).save(path)
    model = load_model(path)  # evaluate the int8 file that would ship, not the in-memory floats
    report = evaluate.classifier_report(model, prep.tickets[n:m], since=cut)
    report.update(cut=cut, end=min(end, prep.tickets[m - 1].timestamp[:10]), train_tickets=n)
    report["location"] = place_fold(tickets, cut, end)
    return report


def place_fold(tickets, cut, end) -> dict:
    """Build a place table from tickets before `cut` and return its location report on [cut, end)."""
    geo.set_table(places.build_places(tickets, "", cut, version="walk-forward"))
    try:
        return evaluate.location_report([t for t in tickets if cut <= t.timestamp[:10] < end])
    finally:
        geo.set_table(None)


def walk_forward_places(tickets, months: int = 3, cuts=None) -> str:
    """Run only the place folds (no classifier training, a minute rather than half an hour) and render them."""
    out, reports = [], []
    for cut, end in folds(tickets, months, cuts):
        reports.append(place_fold(tickets, cut, end))
        out.append("%s  %s" % (cut, evaluate.format_location_report(reports[-1])))
    mean = {k: float(np.mean([r[k] for r in reports])) for k in reports[0]}
    out.append("mean        district %.4f; subdistrict %.4f; with the address too: district %.4f, subdistrict %.4f; "
               "district from address text %.4f" % tuple(mean[k] for k in (
                   "district", "subdistrict", "district_with_address", "subdistrict_with_address", "text_district")))
    return "\n".join(out)


def walk_forward(tickets, months: int = 3, progress=None, cuts=None) -> tuple[list[dict], dict]:
    """Run every fold in a temporary directory (the shipped files are never touched); return folds and mean."""
    prep = train.prepare(tickets)
    reports = []
    with tempfile.TemporaryDirectory(prefix="nlp-walk-forward-") as workdir:
        for cut, end in folds(tickets, months, cuts):
            reports.append(run_fold(prep, tickets, cut, end, workdir))
            if progress:
                progress(reports[-1])
    return reports, mean_report(reports)


def mean_report(reports: list[dict]) -> dict:
    """Average the headline figures over folds; pool per-label counts and confusions over all folds."""
    pooled = dict(tickets=sum(r["tickets"] for r in reports), seconds=sum(r["seconds"] for r in reports),
                  trained=np.min([r["trained"] for r in reports], axis=0), new_labels={})
    for key in ("tp", "fp", "fn", "support"):
        pooled[key] = np.sum([r[key] for r in reports], axis=0)
    pooled["confused"] = sum((r["confused"] for r in reports), start=type(reports[0]["confused"])())
    pooled = evaluate.summarise(pooled)
    for key in MEAN_KEYS + ("confident_share", "confident_accuracy"):
        pooled[key] = float(np.mean([r[key] for r in reports]))
    pooled["per_second"] = pooled["tickets"] / max(pooled["seconds"], 1e-9)
    weeks = [r["by_week"] for r in reports]
    pooled["by_week"] = [(sum(w[k][0] for w in weeks),
                          *(float(np.average([w[k][i] for w in weeks], weights=[w[k][0] + 1e-9 for w in weeks]))
                            for i in (1, 2)))
                         for k in range(evaluate.WEEKS)]
    pooled["location"] = {key: float(np.mean([r["location"][key] for r in reports]))
                          for key in reports[0]["location"]}
    return pooled


def format_walk_forward(reports: list[dict], mean: dict) -> str:
    """Render every fold, then the mean with pooled per-label figures."""
    out = []
    for r in reports:
        out += ["== fold: trained on %d tickets before %s, tested on %s..%s"
                % (r["train_tickets"], r["cut"], r["cut"], r["end"]),
                evaluate.format_classifier_report(r), evaluate.format_location_report(r["location"]), ""]
    out += ["== mean of %d folds (per-label figures and confusions pooled over all folds)" % len(reports),
            evaluate.format_classifier_report(mean),
            "location (mean of folds): district agrees %.4f; subdistrict agrees %.4f; with the address too: "
            "district %.4f, subdistrict %.4f; district from address text agrees %.4f"
            % tuple(mean["location"][k] for k in ("district", "subdistrict", "district_with_address",
                                                  "subdistrict_with_address", "text_district")),
            "", "fold          top-1   top-3  micro-F1 macro-F1"]
    out += ["%s  %.4f  %.4f  %.4f   %.4f" % (r["cut"], r["top1"], r["top3"], r["micro_f1"], r["macro_f1"])
            for r in reports]
    out.append("mean        %.4f  %.4f  %.4f   %.4f" % tuple(mean[k] for k in MEAN_KEYS[:4]))
    labels_new = sorted({lab for r in reports for lab in r["new_labels"]}, key=LABELS.index)
    out.append("labels first seen inside a fold: %s" % (", ".join(labels_new) or "none"))
    return "\n".join(out)
