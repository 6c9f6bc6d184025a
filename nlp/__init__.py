"""Chaeng's offline Thai NLP: classify reports, locate them in Bangkok, find personal data."""
import os

# PyThaiNLP must never try to download or write a data directory (set before it is imported).
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

import functools  # noqa: E402
import gc  # noqa: E402
import threading  # noqa: E402

import numpy as np  # noqa: E402
from typing import NamedTuple  # noqa: E402

from .labels import LABELS, label_code, label_from_code, label_name  # noqa: E402
from .geo import Place, locate, locate_text  # noqa: E402
from .placenames import describe_place, place_words, street_address  # noqa: E402
from .pii import DEFAULT_MASK, Span, find_personal_data, redact  # noqa: E402
from . import streets  # noqa: E402
from .streets import mask_house_numbers, public_address  # noqa: E402

__all__ = [
    "LABELS", "label_name", "label_code", "label_from_code", "Prediction", "classify", "classify_many",
    "predicted_labels", "is_confident", "Place", "locate", "locate_text", "describe_place", "place_words", "street_address", "Span", "find_personal_data",
    "redact", "DEFAULT_MASK", "load", "model_info", "streets", "public_address", "mask_house_numbers",
]


class Prediction(NamedTuple):
    """A category label and its confidence in [0, 1] (independent per label)."""

    label: str
    confidence: float


_make = functools.partial(tuple.__new__, Prediction)
_lock = threading.Lock()
_model = None


def _get_model():
    """Load the shipped classifier on first use (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                from .model import load_model

                m = load_model()
                m.tokenise([""])  # loads the word list into nlpo3 now, not on the first message
                _model = m
    return _model


def load() -> None:
    """Warm up: load the classifier, tokeniser and place table now instead of on first use."""
    from .geo import table

    _get_model()
    table()


def model_info() -> dict:
    """Return the shipped model's header: data file and sha256, code version, date range, metrics."""
    return dict(_get_model().header)


def _predictions(probs) -> list[list[Prediction]]:
    """Turn rows of confidences into predictions, best first (whole-matrix numpy, then one tuple each)."""
    order = np.argsort(-probs, axis=1, kind="stable")
    conf = np.round(np.take_along_axis(probs, order, 1).astype(np.float64), 4).tolist()
    # tuple.__new__ builds each Prediction in C; the generated Prediction(...) costs ~1 us each, 24 per message.
    return [list(map(_make, zip(map(LABELS.__getitem__, o), c))) for o, c in zip(order.tolist(), conf)]


def classify(text: str) -> list[Prediction]:
    """Return all labels with confidences for a report, best first; [] for empty text."""
    if not text or not text.strip():
        return []
    return _predictions(_get_model().predict_proba([text]))[0]


def classify_many(texts: list[str]) -> list[list[Prediction]]:
    """Classify many reports at once (much faster per message than classify)."""
    keep = [i for i, t in enumerate(texts) if t and t.strip()]
    out = [[] for _ in texts]
    if keep:
        probs = _get_model().predict_proba([texts[i] for i in keep])
        # 24 tuples per message set off the cyclic GC every few dozen messages, which walks the whole
        # heap; these tuples cannot form cycles, so pause it (unless the caller already has).
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            predictions = _predictions(probs)
        finally:
            if was_enabled:
                gc.enable()
        for i, preds in zip(keep, predictions):
            out[i] = preds
    return out


def predicted_labels(predictions: list[Prediction]) -> list[str]:
    """Return the labels above their decision threshold, always including the top one."""
    if not predictions:
        return []
    th = dict(zip(LABELS, _get_model().thresholds))
    chosen = [p.label for p in predictions if p.confidence >= th[p.label]]
    return chosen if predictions[0].label in chosen else [predictions[0].label] + chosen


def is_confident(predictions: list[Prediction]) -> bool:
    """Tell whether the top label is sure enough to show for confirmation (else offer the top three)."""
    return bool(predictions) and predictions[0].confidence >= _get_model().confident
