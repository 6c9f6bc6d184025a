"""Train the category classifier and the location table from a Traffy CSV."""
import collections
import os
import subprocess
from typing import NamedTuple

import numpy as np

from storage import clock

from . import dataset
from .features import Featurizer, char_keys, drop_colliding, full_word_list, load_words, normalise, tokenise, word_keys
from .labels import LABELS
from .model import Model

# Chosen on the validation slice (2022-08-10..31, trained on earlier tickets), never on a test window.
NMIN, NMAX, WORD_WEIGHT, C = 2, 4, 0.7, 0.6
MIN_POSITIVES = 5  # below this a label gets no weights and is never predicted
WINDOW_MIN_PER_POSITIVE = 20  # a label's training window holds at least this many tickets per positive
LATE_MIN_THRESHOLD = 0.5  # a label too new to validate is added only when more likely than not
UNCALIBRATED = (4.0, -2.0)  # Platt for a label with no calibration: margin 0 -> 0.12, margin 1 -> 0.88
MIN_WORD_DF = 2  # the tokeniser keeps only dictionary words seen this often (60 KB of nlpo3 memory per 60 words)
# Recent tickets count more: labels drift and the mix of problems changes with the season.
HALF_LIFE_DAYS, MIN_WEIGHT = 45.0, 0.25
TARGET_PRECISION = 0.97  # a confident top label must be right this often on validation
MIN_CONFIDENT = 0.5  # and never below this, whatever validation says


class Prepared(NamedTuple):
    """Labelled tickets in time order with their normalised texts, full-list tokens, labels and days."""

    tickets: list
    norms: list
    toks: list
    y: np.ndarray
    days: np.ndarray


def prepare(tickets) -> Prepared:
    """Sort labelled tickets by time and normalise and tokenise them once (shared by every fold)."""
    kept = sorted(dataset.labelled(tickets), key=lambda t: t.timestamp)
    norms = [normalise(t.comment) for t in kept]
    full = load_words(None)
    toks = [tokenise(n, full) for n in norms]
    days = np.array([dataset.day_number(t.timestamp) for t in kept], np.float64)
    return Prepared(kept, norms, toks, label_matrix(kept), days)


def before(prep: Prepared, until: str) -> int:
    """Return how many prepared tickets fall before a date (they are in time order)."""
    return int(np.searchsorted(prep.days, dataset.day_number(until)))


def label_matrix(tickets) -> np.ndarray:
    """Return a 0/1 (n, 24) matrix of the tickets' labels."""
    y = np.zeros((len(tickets), len(LABELS)), np.int8)
    index = {lab: j for j, lab in enumerate(LABELS)}
    for i, t in enumerate(tickets):
        for lab in t.labels:
            y[i, index[lab]] = 1
    return y


def build_featurizer(norms, toks) -> Featurizer:
    """Choose the key vocabulary and idf on training texts."""
    df = collections.Counter()
    for tk in toks:
        df.update(set(tk))
    min_df = 5 if len(norms) >= 5000 else 1
    # A kept word or bigram key has df >= min_df, so no rarer word is ever needed in the vocabulary.
    words = sorted(w for w, c in df.items() if c >= min_df)
    vocab = {w: i for i, w in enumerate(words)}
    d1, k1 = char_keys(norms, NMIN, NMAX)
    d2, k2 = word_keys(toks, vocab)
    doc, key = np.concatenate((d1, d2)), np.concatenate((k1, k2))
    keys, inv = np.unique(key, return_inverse=True)
    from scipy import sparse

    m = sparse.csr_matrix((np.ones(len(key), np.float32), (doc, inv.ravel())), shape=(len(norms), len(keys)))
    m.sum_duplicates()
    counts = np.bincount(m.indices, minlength=len(keys))
    keep = counts >= min_df
    keep[keep] = drop_colliding(keys[keep], counts[keep])
    idf = np.log((1 + len(norms)) / (1 + counts[keep])) + 1
    return Featurizer(keys[keep], idf, vocab, NMIN, NMAX, WORD_WEIGHT)


def recency_weights(days: np.ndarray) -> np.ndarray:
    """Weigh each ticket by its age at the end of the training period (half-life, with a floor)."""
    age = days[-1] - days if len(days) else days
    return np.maximum(MIN_WEIGHT, 0.5 ** (age / HALF_LIFE_DAYS))


def fit_linear(x, y, days, progress=None):
    """Fit one weighted linear SVM per label on the tickets since the label's first use."""
    from sklearn.svm import LinearSVC

    w = np.zeros((x.shape[1], y.shape[1]), np.float32)
    b = np.full(y.shape[1], -10.0, np.float32)
    weight = recency_weights(days)
    for j in range(y.shape[1]):
        if MIN_POSITIVES <= int(y[:, j].sum()) < len(y):
            start = window_start(y[:, j])
            m = LinearSVC(C=C).fit(x[start:], y[start:, j], sample_weight=weight[start:])
            w[:, j], b[j] = m.coef_[0], m.intercept_[0]
        if progress:
            progress(1)
    return w, b


def window_start(column) -> int:
    """Return the first training row of a label: its first use, with at least 20 tickets per positive."""
    # Before its first use a label did not exist in Traffy's list, so earlier tickets are no evidence
    # against it; training on them would teach it that its own topic is "not it". A label first seen
    # in a handful of recent cases still needs negatives around it to learn from.
    pos = int(column.sum())
    return max(0, min(int(np.argmax(column == 1)), len(column) - WINDOW_MIN_PER_POSITIVE * pos))


def cross_calibrate(x, y, days, j, folds=3):
    """Return (Platt slope and intercept, threshold) for a label from out-of-fold decisions in its window."""
    from sklearn.svm import LinearSVC

    start = window_start(y[:, j])
    rows = np.arange(start, len(y))
    part = rows % folds  # interleaved, so every part spans the label's whole (short) history
    weight = recency_weights(days)
    scores = np.zeros((len(rows), 1))
    for k in range(folds):
        fit, held = rows[part != k], rows[part == k]
        if y[fit, j].sum() == 0:
            return None
        m = LinearSVC(C=C).fit(x[fit], y[fit, j], sample_weight=weight[fit])
        scores[part == k, 0] = m.decision_function(x[held])
    platt = fit_platt(scores, y[rows, j : j + 1])
    p = 1.0 / (1.0 + np.exp(-(scores * platt[0] + platt[1])))
    return platt[:, 0], max(LATE_MIN_THRESHOLD, float(choose_thresholds(p, y[rows, j : j + 1])[0]))


def fit_platt(scores, y):
    """Fit a sigmoid per label mapping decision values to probabilities."""
    from sklearn.linear_model import LogisticRegression

    platt = np.array([[UNCALIBRATED[0]] * y.shape[1], [UNCALIBRATED[1]] * y.shape[1]], np.float32)
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y) and np.ptp(scores[:, j]) > 0:  # skip labels the probe did not learn
            m = LogisticRegression(C=100.0).fit(scores[:, j : j + 1], y[:, j])
            platt[:, j] = m.coef_[0, 0], m.intercept_[0]
    return platt


def choose_thresholds(p, y) -> np.ndarray:
    """Pick the per-label probability threshold that maximises F1 on validation."""
    th = np.full(y.shape[1], 0.5, np.float32)
    for j in range(y.shape[1]):
        if y[:, j].sum() < 3 or np.ptp(p[:, j]) == 0:  # too few positives, or a label the probe never learned
            continue
        best = -1.0
        for t in np.arange(0.1, 0.91, 0.025):
            pred = p[:, j] >= t
            tp = float((pred & (y[:, j] == 1)).sum())
            f1 = 2 * tp / max(1.0, pred.sum() + y[:, j].sum())
            if f1 > best:
                best, th[j] = f1, t
    return th


def choose_confident(p, y) -> float:
    """Return the lowest top-confidence at which the top label is right TARGET_PRECISION of the time."""
    top = p.argmax(1)
    conf = p.max(1)
    right = y[np.arange(len(y)), top] == 1
    order = np.argsort(-conf)
    prec = np.cumsum(right[order]) / np.arange(1, len(order) + 1)
    ok = np.where(prec >= TARGET_PRECISION)[0]
    return max(MIN_CONFIDENT, float(conf[order][ok.max()])) if len(ok) else 0.9


def code_version() -> str:
    """Return the git commit of the code, '+dirty' if nlp/ has uncommitted changes (or the package version)."""
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        run = dict(capture_output=True, text=True, timeout=5)
        head = subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"], **run).stdout.strip()
        dirty = subprocess.run(["git", "-C", here, "status", "--porcelain", "--", "."], **run).stdout.strip()
        if head:
            return head + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        from importlib.metadata import version

        return "chaeng " + version("chaeng")
    except Exception:  # noqa: BLE001 - any metadata failure just means we cannot tell
        return "unknown"


def lean_words(toks) -> list[str]:
    """Return the dictionary words used at least MIN_WORD_DF times in the training texts."""
    df = collections.Counter()
    for tk in toks:
        df.update(set(tk))
    return [w for w in full_word_list() if df.get(w, 0) >= MIN_WORD_DF]


def fit_model(prep: Prepared, n: int, progress=None) -> Model:
    """Train on the first n prepared tickets; calibrate on the last fifth of that period."""
    if n < 10:
        raise ValueError("too few labelled tickets to train on: %d" % n)
    words = lean_words(prep.toks[:n])
    name = load_words(words)
    norms, y, days = prep.norms[:n], prep.y[:n], prep.days[:n]
    toks = [tokenise(t, name) for t in norms]
    feat = build_featurizer(norms, toks)
    x = feat.matrix(*feat.raw_from(norms, toks), n)
    cut = int(n * 0.8)
    w, b = fit_linear(x[:cut], y[:cut], days[:cut], progress)
    header = {}
    probe = Model(feat, w, b, np.array([[2.0] * len(LABELS), [0.0] * len(LABELS)]), np.full(len(LABELS), 0.5),
                  header, words)
    platt = fit_platt(probe.decision(*_csr(x[cut:])), y[cut:])
    probe.platt = platt
    p_val = probe.probabilities(probe.decision(*_csr(x[cut:])))
    thresholds = choose_thresholds(p_val, y[cut:])
    header["confident_threshold"] = round(choose_confident(p_val, y[cut:]), 4)
    w, b = fit_linear(x, y, days, progress)
    late = [j for j in range(len(LABELS)) if w[:, j].any() and not probe.weights[:, j].any()]
    calibrate_late(late, x, y, days, platt, thresholds)
    header.update(
        late_labels=[LABELS[j] for j in late],
        train_from=prep.tickets[0].timestamp[:10], train_tickets=n, validation_tickets=n - cut,
        label_counts={lab: int(y[:, j].sum()) for j, lab in enumerate(LABELS)},
        label_first_seen={lab: prep.tickets[int(np.argmax(y[:, j]))].timestamp[:10]
                          for j, lab in enumerate(LABELS) if y[:, j].any()},
        recency=dict(half_life_days=HALF_LIFE_DAYS, min_weight=MIN_WEIGHT), dictionary_words=len(words),
        method="TF-IDF char 2-4-grams + newmm word 1-2-grams, recency-weighted linear SVM per label "
               "(trained from the label's first use), Platt sigmoid")
    return Model(feat, w, b, platt, thresholds, header, words)


def calibrate_late(late, x, y, days, platt, thresholds) -> None:
    """Calibrate labels learned only in the final fit (first used in the validation period) in their window."""
    for j in late:
        fitted = cross_calibrate(x, y, days, j)
        platt[:, j], thresholds[j] = fitted if fitted else (UNCALIBRATED, LATE_MIN_THRESHOLD)


def _csr(x):
    """Return the (columns, values, row pointers) of a scipy CSR matrix."""
    return x.indices, x.data, x.indptr


def train_classifier(tickets, data_path, until, progress=None, version=None, extra=None) -> Model:
    """Train on labelled tickets before `until` (plus `extra` staff-confirmed ones) and record provenance."""
    prep = prepare([t for t in tickets if t.timestamp[:10] < until] + list(extra or []))
    model = fit_model(prep, len(prep.tickets), progress)
    model.header.update(
        data_file=os.path.basename(data_path), data_sha256=dataset.sha256(data_path),
        code_version=version or code_version(),
        trained_at=clock.now().isoformat(timespec="seconds"),
        train_until="all" if until >= "9999" else until, trained_on_everything=until >= "9999",
        train_last=prep.tickets[-1].timestamp[:10])
    return model
