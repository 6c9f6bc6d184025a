"""Train the category classifier and the location table from a Traffy CSV."""
import collections
import datetime as dt
import os
import subprocess

import numpy as np
from scipy import sparse

from . import dataset
from .features import Featurizer, char_keys, drop_colliding, normalise, tokenise, word_keys
from .labels import LABELS
from .model import Model

# Chosen on the validation slice (2022-08-10..31, trained on earlier tickets), never on the test window.
NMIN, NMAX, WORD_WEIGHT, C = 2, 4, 0.7, 0.6
MIN_POSITIVES = 5  # below this a label gets keyword seeds instead of learned weights
# Keyword priors for labels the training period may lack (six labels began in late October 2022).
SEED_KEYWORDS = {
    "ป้าย": ["ป้ายโฆษณา", "ป้ายหาเสียง", "ป้ายเถื่อน", "ป้ายชื่อ", "ป้ายบอกทาง", "ป้ายซอย", "ป้ายประกาศ",
             "ป้ายผ้า", "ป้ายไวนิล", "billboard", "signboard"],
    "ร้องเรียน": ["ร้องเรียน", "ทุจริต", "complain"],
    "สอบถาม": ["สอบถาม", "อยากทราบ", "ขอทราบ", "question"],
    "ห้องน้ำ": ["ห้องน้ำ", "ห้องส้วม", "สุขา", "toilet"],
    "ป้ายจราจร": ["ป้ายจราจร", "ป้ายห้าม", "ป้ายเตือน", "traffic sign"],
    "PM2.5": ["pm2.5", "pm 2.5", "ฝุ่นละออง", "ฝุ่นพิษ", "ควันดำ", "air quality"],
}
SEED_CONFIDENCE = 0.5
TARGET_PRECISION = 0.97  # a confident top label must be right this often on validation
MIN_CONFIDENT = 0.5  # and never below this, whatever validation says


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
    words = sorted(w for w, c in df.items() if c >= min(2, min_df))
    vocab = {w: i for i, w in enumerate(words)}
    d1, k1 = char_keys(norms, NMIN, NMAX)
    d2, k2 = word_keys(toks, vocab)
    doc, key = np.concatenate((d1, d2)), np.concatenate((k1, k2))
    keys, inv = np.unique(key, return_inverse=True)
    m = sparse.csr_matrix((np.ones(len(key), np.float32), (doc, inv.ravel())), shape=(len(norms), len(keys)))
    m.sum_duplicates()
    counts = np.bincount(m.indices, minlength=len(keys))
    keep = counts >= min_df
    keep[keep] = drop_colliding(keys[keep], counts[keep])
    idf = np.log((1 + len(norms)) / (1 + counts[keep])) + 1
    return Featurizer(keys[keep], idf, vocab, NMIN, NMAX, WORD_WEIGHT)


def fit_linear(x, y, progress=None):
    """Fit one linear SVM per label; labels with too few positives keep zero weights."""
    from sklearn.svm import LinearSVC

    w = np.zeros((x.shape[1], y.shape[1]), np.float32)
    b = np.full(y.shape[1], -10.0, np.float32)
    for j in range(y.shape[1]):
        pos = int(y[:, j].sum())
        if MIN_POSITIVES <= pos < len(y):
            m = LinearSVC(C=C).fit(x, y[:, j])
            w[:, j], b[j] = m.coef_[0], m.intercept_[0]
        if progress:
            progress(1)
    return w, b


def fit_platt(scores, y):
    """Fit a sigmoid per label mapping decision values to probabilities."""
    from sklearn.linear_model import LogisticRegression

    platt = np.array([[2.0] * y.shape[1], [0.0] * y.shape[1]], np.float32)
    for j in range(y.shape[1]):
        if 0 < y[:, j].sum() < len(y):
            m = LogisticRegression(C=100.0).fit(scores[:, j : j + 1], y[:, j])
            platt[:, j] = m.coef_[0, 0], m.intercept_[0]
    return platt


def choose_thresholds(p, y) -> np.ndarray:
    """Pick the per-label probability threshold that maximises F1 on validation."""
    th = np.full(y.shape[1], 0.5, np.float32)
    for j in range(y.shape[1]):
        if y[:, j].sum() < 3:
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


def train_classifier(tickets, data_path, until, progress=None, version=None) -> Model:
    """Train on labelled tickets before `until`; calibrate on the last fifth of that period."""
    train = [t for t in dataset.labelled(tickets) if t.timestamp[:10] < until]
    if len(train) < 10:
        raise ValueError("too few labelled tickets before %s: %d" % (until, len(train)))
    norms = [normalise(t.comment) for t in train]
    toks = [tokenise(n) for n in norms]
    y = label_matrix(train)
    feat = build_featurizer(norms, toks)
    x = feat.matrix(*feat.raw_from(norms, toks), len(train))
    cut = int(len(train) * 0.8)
    w, b = fit_linear(x[:cut], y[:cut], progress)
    val_scores = np.asarray(x[cut:] @ w) + b
    platt = fit_platt(val_scores, y[cut:])
    seeds = {lab: SEED_KEYWORDS.get(lab, [lab.lower()]) for j, lab in enumerate(LABELS)
             if y[:, j].sum() < MIN_POSITIVES}
    header = dict(seed_keywords=seeds, seed_confidence=SEED_CONFIDENCE)
    probe = Model(feat, w, b, platt, np.full(len(LABELS), 0.5), header)
    p_val = probe.probabilities_from(x[cut:], norms[cut:])
    thresholds = choose_thresholds(p_val, y[cut:])
    header["confident_threshold"] = round(choose_confident(p_val, y[cut:]), 4)
    w, b = fit_linear(x, y, progress)
    header.update(
        data_file=os.path.basename(data_path), data_sha256=dataset.sha256(data_path),
        code_version=version or code_version(), trained_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        train_from=min(t.timestamp for t in train)[:10], train_until=until, train_tickets=len(train),
        validation_tickets=len(train) - cut, label_counts={lab: int(y[:, j].sum()) for j, lab in enumerate(LABELS)},
        method="TF-IDF char 2-4-grams + newmm word 1-2-grams, linear SVM per label, Platt sigmoid")
    return Model(feat, w, b, platt, thresholds, header)


CELL_DEG = 0.0005  # about 55 m; a cell keeps its majority place at a centroid rounded to ~11 m


def build_places(tickets, data_path, until, version=None):
    """Aggregate located tickets before `until` into labelled grid cells for nearest lookups."""
    from .gazetteer import DISTRICTS
    from .geo import PlaceTable

    cells = {}
    names, name_index = [("", "")], {("", ""): 0}
    for t in tickets:
        if t.lat is None or t.timestamp[:10] >= until or not (5 < t.lat < 21 and 97 < t.lon < 106):
            continue
        bangkok = t.province.replace("จังหวัด", "") == "กรุงเทพมหานคร"
        if bangkok and t.district not in DISTRICTS:
            continue
        name = (t.district, t.subdistrict) if bangkok else ("", "")
        j = name_index.setdefault(name, len(names))
        if j == len(names):
            names.append(name)
        key = (round(t.lat / CELL_DEG), round(t.lon / CELL_DEG))
        c = cells.setdefault(key, {}).setdefault(j, [0, 0.0, 0.0])
        c[0] += 1
        c[1] += t.lat
        c[2] += t.lon
    lat, lon, label, weight = [], [], [], []
    name_weights = [0] * len(names)
    for votes in cells.values():
        j, (n, slat, slon) = max(votes.items(), key=lambda kv: kv[1][0])
        lat.append(round(slat / n, 4))
        lon.append(round(slon / n, 4))
        label.append(j)
        weight.append(n)
        name_weights[j] += n
    header = dict(data_file=os.path.basename(data_path), data_sha256=dataset.sha256(data_path),
                  code_version=version or code_version(), until=until, cell_degrees=CELL_DEG, cells=len(label),
                  name_weights=name_weights)
    return PlaceTable(np.array(lat), np.array(lon), np.array(label), np.array(weight, np.float32), names, header)
