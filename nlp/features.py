"""Text normalisation, tokenisation and hashed TF-IDF features shared by training and inference."""
import os
import re
import threading

import numpy as np
from scipy import sparse

_DATA = os.path.join(os.path.dirname(__file__), "data")
WORDS_FILE = os.path.join(_DATA, "words_th.txt")

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_URL = re.compile(r"https?://\S+|www\.\S+")
_LONG_NUMBER = re.compile(r"\d{5,}")
_REPEAT = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"[\s\x00]+")
# Common Thai typing slips: two SARA E for SARA AE, NIKHAHIT + SARA AA for SARA AM.
_SLIPS = (("เเ", "แ"), ("\u0e4d\u0e32", "\u0e33"))

CHAR_TAG_SHIFT = 56
WORD_TAG, BIGRAM_TAG = 6, 7


def normalise(text: str) -> str:
    """Return text lower-cased with Thai digits, URLs, long numbers, repeats and spaces normalised."""
    t = (text or "").translate(_THAI_DIGITS).lower()
    for wrong, right in _SLIPS:
        t = t.replace(wrong, right)
    t = _URL.sub(" url ", t)
    # Phone and id numbers carry no topic; collapse them so they do not become features.
    t = _LONG_NUMBER.sub("0", t)
    # "5555", "มากกกก": keep two so emphasis is one feature, not many.
    t = _REPEAT.sub(r"\1\1", t)
    return _SPACE.sub(" ", t).strip()


def _char_table() -> np.ndarray:
    """Map code points to 8-bit codes: 0 separator, ASCII, Thai, one code for anything else."""
    lut = np.full(0x10000, 224, dtype=np.uint64)
    lut[0] = 0
    lut[32:127] = np.arange(1, 96, dtype=np.uint64)
    lut[0x0E00:0x0E80] = np.arange(96, 224, dtype=np.uint64)
    return lut


_LUT = _char_table()
_tok_lock = threading.Lock()
_tok_ready = False


def _ensure_dict() -> None:
    """Load the shipped word list into nlpo3 once (nlpo3 keeps it for the process)."""
    global _tok_ready
    if _tok_ready:
        return
    with _tok_lock:
        if not _tok_ready:
            import nlpo3

            nlpo3.load_dict(WORDS_FILE, "chaeng")
            _tok_ready = True


def tokenise(norm_text: str) -> list[str]:
    """Split normalised text into newmm word tokens (via nlpo3), dropping spaces."""
    _ensure_dict()
    import nlpo3

    return [t for t in nlpo3.segment(norm_text, "chaeng", True) if not t.isspace()]


def char_keys(norms: list[str], nmin: int, nmax: int) -> tuple[np.ndarray, np.ndarray]:
    """Return (doc index, exact 64-bit key) for every character n-gram of the texts."""
    joined = "\x00".join(" " + t + " " for t in norms)
    cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    codes = _LUT[np.minimum(cp, 0xFFFF)]
    zero = codes == 0
    doc = np.cumsum(zero)
    czero = np.concatenate(([0], np.cumsum(zero)))
    docs, keys = [], []
    for n in range(nmin, nmax + 1):
        length = len(codes) - n + 1
        if length <= 0:
            continue
        key = np.zeros(length, dtype=np.uint64)
        for j in range(n):
            key = (key << np.uint64(8)) | codes[j : j + length]
        ok = (czero[n : n + length] - czero[:length]) == 0
        keys.append(key[ok] | np.uint64(n << CHAR_TAG_SHIFT))
        docs.append(doc[:length][ok])
    if not keys:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64)
    return np.concatenate(docs).astype(np.int64), np.concatenate(keys)


def word_keys(tokens: list[list[str]], vocab: dict) -> tuple[np.ndarray, np.ndarray]:
    """Return (doc index, key) for known word unigrams and bigrams."""
    docs, keys = [], []
    uni, bi = WORD_TAG << CHAR_TAG_SHIFT, BIGRAM_TAG << CHAR_TAG_SHIFT
    for d, toks in enumerate(tokens):
        prev = -1
        for tok in toks:
            i = vocab.get(tok, -1)
            if i >= 0:
                docs.append(d)
                keys.append(uni | i)
                if prev >= 0:
                    docs.append(d)
                    keys.append(bi | (prev << 24) | i)
            prev = i
    return np.array(docs, dtype=np.int64), np.array(keys, dtype=np.uint64)


class Featurizer:
    """Turn texts into L2-normalised sublinear TF-IDF rows over a fixed key vocabulary."""

    def __init__(self, keys, idf, vocab, nmin=1, nmax=5, word_weight=1.0):
        self.keys = np.asarray(keys, dtype=np.uint64)
        self.idf = np.asarray(idf, dtype=np.float32)
        self.vocab = vocab
        self.nmin, self.nmax = nmin, nmax
        self.word_weight = word_weight
        # Keys are sorted and word tags are above char tags, so the word block starts here.
        self.n_char = int(np.searchsorted(self.keys, np.uint64(WORD_TAG << CHAR_TAG_SHIFT)))

    def raw(self, texts):
        """Return (doc, key) pairs for texts (normalised and tokenised here)."""
        norms = [normalise(t) for t in texts]
        toks = [tokenise(t) for t in norms]
        return self.raw_from(norms, toks)

    def raw_from(self, norms, toks):
        """Return (doc, key) pairs from already normalised texts and their tokens."""
        d1, k1 = char_keys(norms, self.nmin, self.nmax)
        d2, k2 = word_keys(toks, self.vocab)
        return np.concatenate((d1, d2)), np.concatenate((k1, k2))

    def transform(self, texts) -> sparse.csr_matrix:
        """Return the feature matrix for texts."""
        return self.matrix(*self.raw(texts), len(texts))

    def matrix(self, doc, key, n_docs) -> sparse.csr_matrix:
        """Build the weighted, block-normalised matrix from (doc, key) pairs."""
        n_feat = len(self.keys)
        idx = np.searchsorted(self.keys, key)
        idx[idx >= n_feat] = 0
        hit = self.keys[idx] == key if n_feat else np.zeros(len(key), bool)
        x = sparse.csr_matrix(
            (np.ones(int(hit.sum()), np.float32), (doc[hit], idx[hit])), shape=(n_docs, n_feat)
        )
        x.sum_duplicates()
        x.data = (1.0 + np.log(x.data)) * self.idf[x.indices]
        rows = np.repeat(np.arange(n_docs), np.diff(x.indptr))
        block = (x.indices >= self.n_char).astype(np.int64)
        norms = np.bincount(rows * 2 + block, weights=x.data.astype(np.float64) ** 2, minlength=2 * n_docs)
        norms = np.sqrt(norms)
        norms[norms == 0] = 1.0
        scale = np.where(block == 1, self.word_weight, 1.0)
        x.data = (x.data * scale / norms[rows * 2 + block]).astype(np.float32)
        return x
