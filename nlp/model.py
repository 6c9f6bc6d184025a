"""The classifier model file: a numpy .npz (no pickle) with a JSON header, and inference on it."""
import json
import os

import numpy as np

from .features import Featurizer, load_words, normalise, tokenise
from .labels import LABELS

MODEL_FILE = os.path.join(os.path.dirname(__file__), "data", "classifier.npz")
FORMAT = "chaeng-nlp-classifier/2"
CHUNK = 256  # messages per product: bounds the temporary gathered weights to a few MB


def quantise(weights) -> tuple[np.ndarray, np.ndarray]:
    """Return int8 weights and a per-label scale (a quarter of the float32 memory)."""
    weights = np.asarray(weights, dtype=np.float32)
    scale = np.abs(weights).max(axis=0) / 127.0 if len(weights) else np.ones(weights.shape[1], np.float32)
    scale[scale == 0] = 1.0
    return np.round(weights / scale).astype(np.int8), scale.astype(np.float32)


def sparse_dot(cols, data, indptr, weights) -> np.ndarray:
    """Return the (rows, labels) product of CSR rows with int8 weights, in numpy alone (no scipy)."""
    n = len(indptr) - 1
    out = np.zeros((n, weights.shape[1]), np.float32)
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        a, b = int(indptr[lo]), int(indptr[hi])
        if a == b:
            continue
        part = weights[cols[a:b]].astype(np.float32)
        part *= data[a:b, None]
        starts = indptr[lo:hi] - a
        filled = starts < (indptr[lo + 1 : hi + 1] - a)  # reduceat gives a stray value for empty rows
        sums = np.add.reduceat(part, np.minimum(starts, b - a - 1), axis=0)
        out[lo:hi][filled] = sums[filled]
    return out


class Model:
    """A linear one-vs-rest classifier over TF-IDF features with calibrated sigmoids."""

    def __init__(self, featurizer, weights, bias, platt, thresholds, header, words=None, scale=None):
        self.featurizer = featurizer
        if scale is None:
            weights, scale = quantise(weights)
        self.weights, self.scale = weights, np.asarray(scale, np.float32)  # int8 (features, labels)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.platt = np.asarray(platt, dtype=np.float32)  # (2, labels): slope, intercept
        self.thresholds = np.asarray(thresholds, dtype=np.float32)
        self.header = header
        self.confident = float(header.get("confident_threshold", 0.5))
        self.words = words  # the tokeniser's word list (None: the full shipped list)
        self.dictionary = None

    def tokenise(self, norms) -> list[list[str]]:
        """Tokenise normalised texts with this model's word list."""
        if self.dictionary is None:
            self.dictionary = load_words(self.words)
        return [tokenise(t, self.dictionary) for t in norms]

    def probabilities(self, scores) -> np.ndarray:
        """Return per-label confidences in [0, 1] for decision values."""
        z = scores * self.platt[0] + self.platt[1]
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def decision(self, cols, data, indptr) -> np.ndarray:
        """Return raw decision values for CSR feature rows."""
        if len(indptr) == 2:  # one message: a dense gather is cheapest
            s = (data[:, None] * self.weights[cols]).sum(0, dtype=np.float32)[None, :]
        else:
            s = sparse_dot(cols, data, indptr, self.weights)
        return s * self.scale + self.bias

    def predict_proba(self, texts) -> np.ndarray:
        """Return an (n, 24) array of confidences for texts."""
        norms = [normalise(t) for t in texts]
        f = self.featurizer
        return self.probabilities(self.decision(*f.weighted(*f.raw_from(norms, self.tokenise(norms)), len(texts))))

    def save(self, path: str) -> None:
        """Write the model as a compressed .npz with int8 weights (no pickled objects)."""
        f = self.featurizer
        vocab = "\n".join(sorted(f.vocab, key=f.vocab.get))
        header = dict(self.header, format=FORMAT, labels=list(LABELS), nmin=f.nmin, nmax=f.nmax,
                      word_weight=f.word_weight)
        np.savez_compressed(
            path, header=_text(json.dumps(header, ensure_ascii=False)), vocab=_text(vocab),
            words=_text("\n".join(self.words or [])), keys=f.keys, idf=f.idf.astype(np.float16),
            weights=self.weights, scale=self.scale, bias=self.bias, platt=self.platt, thresholds=self.thresholds)


def _text(s: str) -> np.ndarray:
    """Store a string as raw UTF-8 bytes (never a pickled object)."""
    return np.frombuffer(s.encode(), np.uint8)


def read_header(path: str = MODEL_FILE) -> dict:
    """Return the JSON header (provenance, metrics, thresholds) of a model file."""
    with np.load(path, allow_pickle=False) as z:
        return json.loads(z["header"].tobytes().decode())


def load_model(path: str = MODEL_FILE) -> Model:
    """Load a model file; allow_pickle=False so loading cannot run code."""
    with np.load(path, allow_pickle=False) as z:
        header = json.loads(z["header"].tobytes().decode())
        if header.get("format") != FORMAT or header.get("labels") != list(LABELS):
            raise ValueError("unsupported model file: %s" % path)
        text = z["vocab"].tobytes().decode()
        vocab = {w: i for i, w in enumerate(text.split("\n"))} if text else {}
        text = z["words"].tobytes().decode()
        words = text.split("\n") if text else None
        feat = Featurizer(z["keys"], z["idf"].astype(np.float32), vocab, header["nmin"],
                          header["nmax"], header["word_weight"])
        return Model(feat, z["weights"], z["bias"], z["platt"], z["thresholds"], header, words, z["scale"])
