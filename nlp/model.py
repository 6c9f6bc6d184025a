"""The classifier model file: a numpy .npz (no pickle) with a JSON header, and inference on it."""
import json
import os
import re

import numpy as np

from .features import Featurizer, normalise, tokenise
from .labels import LABELS

MODEL_FILE = os.path.join(os.path.dirname(__file__), "data", "classifier.npz")
FORMAT = "chaeng-nlp-classifier/1"


class Model:
    """A linear one-vs-rest classifier over hashed TF-IDF features with calibrated sigmoids."""

    def __init__(self, featurizer, weights, bias, platt, thresholds, header):
        self.featurizer = featurizer
        self.weights = np.asarray(weights, dtype=np.float32)
        self.bias = np.asarray(bias, dtype=np.float32)
        self.platt = np.asarray(platt, dtype=np.float32)  # (2, labels): slope, intercept
        self.thresholds = np.asarray(thresholds, dtype=np.float32)
        self.header = header
        self.confident = float(header.get("confident_threshold", 0.5))
        seeds = header.get("seed_keywords", {})
        # Labels absent from training data still get a keyword prior, so they are not dead.
        self.seeds = [(LABELS.index(lab), re.compile("|".join(map(re.escape, words))))
                      for lab, words in seeds.items() if words]
        self.any_seed = re.compile("|".join(p.pattern for _, p in self.seeds)) if self.seeds else None
        self.seed_confidence = float(header.get("seed_confidence", 0.6))

    def scores(self, x, weights=None) -> np.ndarray:
        """Return raw decision values for a feature matrix (weights: rows already gathered)."""
        return np.asarray(x @ (self.weights if weights is None else weights)) + self.bias

    def probabilities_from(self, x, norms, weights=None) -> np.ndarray:
        """Return per-label confidences in [0, 1] for features and their normalised texts."""
        z = self.scores(x, weights) * self.platt[0] + self.platt[1]
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        if self.seeds:
            p[:, [j for j, _ in self.seeds]] = 0.0
            for i, text in enumerate(norms):
                if self.any_seed.search(text):  # one search per text; most match nothing
                    for j, pattern in self.seeds:
                        if pattern.search(text):
                            p[i, j] = self.seed_confidence
        return p

    def predict_proba(self, texts) -> np.ndarray:
        """Return an (n, 24) array of confidences for texts."""
        norms = [normalise(t) for t in texts]
        toks = [tokenise(t) for t in norms]
        f = self.featurizer
        if len(texts) == 1:
            # One message: a dense gather is ~10x cheaper than building a scipy matrix.
            cols, data, _ = f.weighted(*f.raw_from(norms, toks), 1)
            return self.probabilities_from(data[None, :], norms, self.weights[cols])
        return self.probabilities_from(f.matrix(*f.raw_from(norms, toks), len(texts)), norms)

    def save(self, path: str) -> None:
        """Write the model as a compressed .npz with int8 weights (no pickled objects)."""
        scale = np.abs(self.weights).max(axis=0) / 127.0
        scale[scale == 0] = 1.0
        q = np.round(self.weights / scale).astype(np.int8)
        f = self.featurizer
        vocab = "\n".join(sorted(f.vocab, key=f.vocab.get))
        header = dict(self.header, format=FORMAT, labels=list(LABELS), nmin=f.nmin, nmax=f.nmax,
                      word_weight=f.word_weight)
        np.savez_compressed(
            path, header=np.frombuffer(json.dumps(header, ensure_ascii=False).encode(), np.uint8),
            vocab=np.frombuffer(vocab.encode(), np.uint8), keys=f.keys, idf=f.idf.astype(np.float16),
            weights=q, scale=scale.astype(np.float32), bias=self.bias, platt=self.platt,
            thresholds=self.thresholds)


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
        words = z["vocab"].tobytes().decode()
        vocab = {w: i for i, w in enumerate(words.split("\n"))} if words else {}
        feat = Featurizer(z["keys"], z["idf"].astype(np.float32), vocab, header["nmin"],
                          header["nmax"], header["word_weight"])
        weights = z["weights"].astype(np.float32) * z["scale"]
        return Model(feat, weights, z["bias"], z["platt"], z["thresholds"], header)
