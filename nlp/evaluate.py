"""Evaluation metrics for the classifier and the location table on a later slice of tickets."""
import collections
import time

import numpy as np

from .labels import LABELS, label_name
from .train import label_matrix


def classifier_report(model, tickets, batch=2000) -> dict:
    """Classify tickets and return accuracy, F1 scores, per-label figures and confusions."""
    texts = [t.comment for t in tickets]
    start = time.perf_counter()
    p = np.vstack([model.predict_proba(texts[i : i + batch]) for i in range(0, len(texts), batch)])
    seconds = time.perf_counter() - start
    y = label_matrix(tickets).astype(bool)
    top = p.argmax(1)
    pred = p >= model.thresholds
    pred[np.arange(len(p)), top] = True
    tp, fp, fn = (pred & y).sum(0), (pred & ~y).sum(0), (~pred & y).sum(0)
    prec = tp / np.maximum(1, tp + fp)
    rec = tp / np.maximum(1, tp + fn)
    f1 = 2 * tp / np.maximum(1, 2 * tp + fp + fn)
    present = y.sum(0) > 0
    counts = model.header.get("label_counts", {})
    trained = np.array([counts.get(lab, 0) >= 5 for lab in LABELS])
    confused = collections.Counter()
    for i in np.where(~y[np.arange(len(y)), top])[0]:
        for j in np.where(y[i])[0]:
            confused[(LABELS[j], LABELS[top[i]])] += 1
    return dict(
        tickets=len(tickets), seconds=seconds, per_second=len(tickets) / max(seconds, 1e-9),
        top1=float(y[np.arange(len(y)), top].mean()),
        micro_f1=float(2 * tp.sum() / max(1, 2 * tp.sum() + fp.sum() + fn.sum())),
        macro_f1=float(f1[present].mean()), macro_f1_trained=float(f1[present & trained].mean()),
        present=[LABELS[j] for j in np.where(present)[0]],
        untrained=[LABELS[j] for j in np.where(present & ~trained)[0]],
        per_label=[(LABELS[j], float(prec[j]), float(rec[j]), float(f1[j]), int(y[:, j].sum()))
                   for j in range(len(LABELS)) if present[j]],
        confused=confused.most_common(10),
        confident_share=float((p.max(1) >= model.confident).mean()),
        confident_accuracy=float(y[np.arange(len(y)), top][p.max(1) >= model.confident].mean()),
    )


def format_classifier_report(r: dict) -> str:
    """Render a classifier report as plain text."""
    lines = [
        "tickets evaluated: %d" % r["tickets"],
        "top-1 accuracy:    %.4f" % r["top1"],
        "micro-F1:          %.4f" % r["micro_f1"],
        "macro-F1:          %.4f  (over the %d labels present in the test set)" % (r["macro_f1"], len(r["present"])),
        "macro-F1 trained:  %.4f  (labels present in test and with >=5 training tickets)" % r["macro_f1_trained"],
        "untrained labels in test (keyword seeds only): %s" % (", ".join(r["untrained"]) or "none"),
        "confident share:   %.4f  (top-1 accuracy on those %.4f)" % (r["confident_share"], r["confident_accuracy"]),
        "messages/second:   %.0f  (batches of 2,000, normalise+tokenise+classify)" % r["per_second"],
        "",
        "%-14s %-16s %9s %7s %7s %7s" % ("label", "english", "precision", "recall", "F1", "support"),
    ]
    for lab, p, rc, f1, n in r["per_label"]:
        lines.append("%-14s %-16s %9.3f %7.3f %7.3f %7d" % (lab, label_name(lab, "en"), p, rc, f1, n))
    lines += ["", "most confused (true label -> predicted top label): count"]
    lines += ["  %s -> %s: %d" % (a, b, n) for (a, b), n in r["confused"]]
    return "\n".join(lines)


def location_report(tickets) -> dict:
    """Return how often locate(lat, lon) agrees with the tickets' own district and subdistrict."""
    from . import geo as loc

    bkk = [t for t in tickets if t.lat is not None and t.province == "กรุงเทพมหานคร" and t.district]
    places = [loc.locate(t.lat, t.lon) for t in bkk]
    n = max(1, len(bkk))
    found = [(t, p) for t, p in zip(bkk, places) if p is not None]
    return dict(
        tickets=len(bkk), located=len(found) / n,
        district=sum(p.district == t.district for t, p in found) / n,
        subdistrict=sum(p.subdistrict == t.subdistrict for t, p in found) / n,
    )


def format_location_report(r: dict) -> str:
    """Render a location report as plain text."""
    return ("location: %d Bangkok tickets; located %.4f; district agrees %.4f; subdistrict agrees %.4f"
            % (r["tickets"], r["located"], r["district"], r["subdistrict"]))
