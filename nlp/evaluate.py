"""Evaluation metrics for the classifier and the place lookups on a later slice of tickets."""
import collections
import time

import numpy as np

from . import dataset
from .labels import LABELS, label_name
from .train import MIN_POSITIVES, label_matrix

WEEKS = 5  # fold age buckets: days 0-6, 7-13, 14-20, 21-27, 28+ after the cut
PRECISION_FLOOR, FLOOR_MIN_PREDICTED = 0.5, 50  # the rule for labels predicted often


def predict(model, texts, batch=2000):
    """Return confidences for texts and the seconds they took."""
    start = time.perf_counter()
    p = [model.predict_proba(texts[i : i + batch]) for i in range(0, len(texts), batch)]
    p = np.vstack(p) if p else np.zeros((0, len(LABELS)), np.float32)
    return p, time.perf_counter() - start


def _f1(tp, fp, fn):
    """Return F1 from counts (0 when nothing was predicted or present)."""
    return 2 * tp / np.maximum(1, 2 * tp + fp + fn)


def classifier_report(model, tickets, since=None) -> dict:
    """Classify tickets and return accuracy, F1, per-label counts, confusions and figures by fold age."""
    p, seconds = predict(model, [t.comment for t in tickets])
    y = label_matrix(tickets).astype(bool)
    rows = np.arange(len(p))
    top = p.argmax(1)
    hit = y[rows, top]
    top3 = y[rows[:, None], np.argsort(-p, axis=1)[:, :3]].any(1)
    pred = p >= model.thresholds
    pred[rows, top] = True
    tp, fp, fn = (pred & y).sum(0), (pred & ~y).sum(0), (~pred & y).sum(0)
    trained = np.array([model.header.get("label_counts", {}).get(lab, 0) for lab in LABELS])
    confused = collections.Counter()
    for i in np.where(~hit)[0]:
        for j in np.where(y[i])[0]:
            confused[(LABELS[j], LABELS[top[i]])] += 1
    r = dict(tickets=len(tickets), seconds=seconds, per_second=len(tickets) / max(seconds, 1e-9),
             top1=float(hit.mean()), top3=float(top3.mean()), tp=tp, fp=fp, fn=fn, support=y.sum(0),
             trained=trained, confused=confused, new_labels=_new_labels(y, pred, top, trained),
             confident_share=float((p.max(1) >= model.confident).mean()),
             confident_accuracy=float(hit[p.max(1) >= model.confident].mean()) if len(p) else 0.0)
    if since:
        age = [dataset.day_number(t.timestamp) - dataset.day_number(since) for t in tickets]
        week = np.minimum(WEEKS - 1, np.array(age, int) // 7)
        r["by_week"] = [_week(hit[week == k], pred[week == k], y[week == k]) for k in range(WEEKS)]
    return summarise(r)


def _week(hit, pred, y) -> tuple:
    """Return (tickets, top-1, micro-F1) of one age bucket."""
    tp, fp, fn = (pred & y).sum(), (pred & ~y).sum(), (~pred & y).sum()
    return len(hit), float(hit.mean()) if len(hit) else 0.0, float(_f1(tp, fp, fn))


def _new_labels(y, pred, top, trained) -> dict:
    """Describe how tickets of labels the model never learned were classified."""
    out = {}
    for j in np.where((y.sum(0) > 0) & (trained < MIN_POSITIVES))[0]:
        mine = y[:, j]
        others = y[mine].copy()
        others[:, j] = False
        out[LABELS[j]] = dict(
            support=int(mine.sum()), predicted=int(pred[:, j].sum()),
            other_label_right=float(others[np.arange(len(others)), top[mine]].mean()),
            top_given=collections.Counter(LABELS[k] for k in top[mine]).most_common(3))
    return out


def summarise(r: dict) -> dict:
    """Add micro/macro F1, per-label rows and precision-floor breaches from the counts."""
    tp, fp, fn, support = r["tp"], r["fp"], r["fn"], r["support"]
    f1 = _f1(tp, fp, fn)
    present = support > 0
    r.update(
        micro_f1=float(_f1(tp.sum(), fp.sum(), fn.sum())), macro_f1=float(f1[present].mean()),
        macro_f1_trained=float(f1[present & (r["trained"] >= MIN_POSITIVES)].mean()),
        present=[LABELS[j] for j in np.where(present)[0]],
        per_label=[(LABELS[j], tp[j] / max(1, tp[j] + fp[j]), tp[j] / max(1, tp[j] + fn[j]), float(f1[j]),
                    int(support[j]), int(tp[j] + fp[j]), int(r["trained"][j]))
                   for j in range(len(LABELS)) if present[j] or tp[j] + fp[j]],
    )
    r["precision_breaches"] = [row[0] for row in r["per_label"]
                               if row[5] >= FLOOR_MIN_PREDICTED and row[1] < PRECISION_FLOOR]
    return r


def format_classifier_report(r: dict, labels=True) -> str:
    """Render a classifier report as plain text."""
    lines = [
        "tickets evaluated: %d" % r["tickets"],
        "top-1 accuracy:    %.4f" % r["top1"],
        "top-3 accuracy:    %.4f  (one of the three chips of the unsure path is right)" % r["top3"],
        "micro-F1:          %.4f" % r["micro_f1"],
        "macro-F1:          %.4f  (over the %d labels present in the test set)" % (r["macro_f1"], len(r["present"])),
        "macro-F1 trained:  %.4f  (labels present in test and with >=%d training tickets)"
        % (r["macro_f1_trained"], MIN_POSITIVES),
        "confident share:   %.4f  (top-1 accuracy on those %.4f)" % (r["confident_share"], r["confident_accuracy"]),
        "messages/second:   %.0f  (batches of 2,000, normalise+tokenise+classify)" % r["per_second"],
        "labels predicted >=%d times with precision < %.1f: %s"
        % (FLOOR_MIN_PREDICTED, PRECISION_FLOOR, ", ".join(r["precision_breaches"]) or "none"),
    ]
    if r.get("by_week"):
        lines += ["by fold age:"] + ["  days %d%s: n=%d top-1 %.3f micro-F1 %.3f"
                                         % (7 * k, "+" if k == WEEKS - 1 else "-%d" % (7 * k + 6), *w)
                                         for k, w in enumerate(r["by_week"]) if w[0]]
    for lab, d in r["new_labels"].items():
        lines.append("label first seen in this window (never trained): %s %s: %d tickets, predicted %d times; "
                     "top label is another of the ticket's labels on %.0f%%; top labels given: %s"
                     % (lab, label_name(lab, "en"), d["support"], d["predicted"], 100 * d["other_label_right"],
                        ", ".join("%s %d" % kv for kv in d["top_given"])))
    if labels:
        lines += ["", "%-14s %-16s %9s %7s %7s %7s %9s %8s"
                  % ("label", "english", "precision", "recall", "F1", "support", "predicted", "trained")]
        lines += ["%-14s %-16s %9.3f %7.3f %7.3f %7d %9d %8d" % (lab, label_name(lab, "en"), *rest)
                  for lab, *rest in r["per_label"]]
        lines += ["", "most confused (true label -> predicted top label): count"]
        lines += ["  %s -> %s: %d" % (a, b, n) for (a, b), n in r["confused"].most_common(10)]
    return "\n".join(lines)


def location_report(tickets) -> dict:
    """Return how often locate(lat, lon) and locate_text(address) agree with the tickets' own places."""
    from . import geo as loc

    bkk = [t for t in tickets if t.lat is not None and t.province == "กรุงเทพมหานคร" and t.district]
    places = [loc.locate(t.lat, t.lon) for t in bkk]
    n = max(1, len(bkk))
    found = [(t, p) for t, p in zip(bkk, places) if p is not None]
    both = [(t, loc.locate(t.lat, t.lon, t.address)) for t in bkk]  # a LINE location: a point and its address
    addressed = [t for t in bkk if t.address.strip()]
    by_text = [loc.locate_text(t.address) for t in addressed]
    return dict(
        tickets=len(bkk), located=len(found) / n,
        district=sum(p.district == t.district for t, p in found) / n,
        subdistrict=sum(p.subdistrict == t.subdistrict for t, p in found) / n,
        district_with_address=sum(p is not None and p.district == t.district for t, p in both) / n,
        subdistrict_with_address=sum(p is not None and p.subdistrict == t.subdistrict for t, p in both) / n,
        addresses=len(addressed),
        text_district=sum(p is not None and p.district == t.district for t, p in zip(addressed, by_text))
        / max(1, len(addressed)),
    )


def format_location_report(r: dict) -> str:
    """Render a location report as plain text."""
    return ("location: %d Bangkok tickets; located %.4f; district agrees %.4f; subdistrict agrees %.4f; "
            "with the address too: district %.4f, subdistrict %.4f; "
            "district from address text agrees %.4f (%d addresses)"
            % (r["tickets"], r["located"], r["district"], r["subdistrict"], r["district_with_address"],
               r["subdistrict_with_address"], r["text_district"], r["addresses"]))
