"""Text normalisation, tokenisation and TF-IDF features over exact n-gram keys, for training and inference."""
import hashlib
import os
import re
import tempfile
import threading

import numpy as np

_DATA = os.path.join(os.path.dirname(__file__), "data")
WORDS_FILE = os.path.join(_DATA, "words_th.txt")

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_HAS_THAI_DIGIT = re.compile("[๐-๙]")
_URL = re.compile(r"https?://\S+|www\.\S+")
_LONG_NUMBER = re.compile(r"\d{5,}")
_REPEAT = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"[\s\x00]+")
# Common Thai typing slips: two SARA E for SARA AE, NIKHAHIT + SARA AA for SARA AM.
_SLIPS = (("เเ", "แ"), ("\u0e4d\u0e32", "\u0e33"))

_ENGLISH_WORD = re.compile(r"[a-z]+(?:\.\d)?")

GLOSS_FILE = os.path.join(_DATA, "english_gloss.tsv")


def read_gloss(path: str = GLOSS_FILE) -> dict:
    """Read the hand-written English -> Thai glosses (a data file, so it is edited without touching code)."""
    with open(path, encoding="utf-8") as f:
        pairs = [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]
    return {english: thai for english, thai in pairs}


# Glosses let short English reports be classified, since nearly all training reports are Thai.
ENGLISH_GLOSS = read_gloss()

CHAR_TAG_SHIFT = 56
WORD_TAG, BIGRAM_TAG = 6, 7


def normalise(text: str) -> str:
    """Return text lower-cased with Thai digits, URLs, long numbers, repeats and spaces normalised."""
    t = (text or "").lower()
    if _HAS_THAI_DIGIT.search(t):  # str.translate is slow on Thai text; most texts need none
        t = t.translate(_THAI_DIGITS)
    for wrong, right in _SLIPS:
        if wrong in t:
            t = t.replace(wrong, right)
    if "http" in t or "www" in t:
        t = _URL.sub(" url ", t)
    # Phone and id numbers carry no topic; collapse them so they do not become features.
    t = _LONG_NUMBER.sub("0", t)
    # "5555", "มากกกก": keep two so emphasis is one feature, not many.
    t = _REPEAT.sub(r"\1\1", t)
    t = _SPACE.sub(" ", t).strip()
    gloss = english_gloss(t)
    return t + " " + gloss if gloss else t


def english_gloss(norm_text: str) -> str:
    """Return Thai words for the English ones in a text, since nearly all training reports are Thai."""
    words = _ENGLISH_WORD.findall(norm_text)
    if not words:
        return ""
    out = [ENGLISH_GLOSS[w] for w in words if w in ENGLISH_GLOSS]
    out += [ENGLISH_GLOSS[a + " " + b] for a, b in zip(words, words[1:]) if a + " " + b in ENGLISH_GLOSS]
    return " ".join(out)


def _char_table() -> np.ndarray:
    """Map code points to 8-bit codes: 0 separator, ASCII, Thai, one code for anything else."""
    lut = np.full(0x10000, 224, dtype=np.uint64)
    lut[0] = 0
    lut[32:127] = np.arange(1, 96, dtype=np.uint64)
    lut[0x0E00:0x0E80] = np.arange(96, 224, dtype=np.uint64)
    return lut


_LUT = _char_table()
_tok_lock = threading.Lock()
_dicts: dict = {}  # word-list digest -> nlpo3 dictionary name (nlpo3 keeps each for the process)


def load_words(words: list[str] | None) -> str:
    """Load a word list into nlpo3 once and return its dictionary name (None: the full list)."""
    digest = "full" if words is None else hashlib.sha1("\n".join(words).encode()).hexdigest()[:12]
    name = _dicts.get(digest)
    if name:
        return name
    with _tok_lock:
        if digest not in _dicts:
            import nlpo3

            if words is None:
                nlpo3.load_dict(WORDS_FILE, "chaeng-full")
            else:
                # nlpo3 reads dictionaries from files only; the lean list lives inside the model file.
                with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as f:
                    f.write("\n".join(words))
                try:
                    nlpo3.load_dict(f.name, "chaeng-" + digest)
                finally:
                    os.unlink(f.name)
            _dicts[digest] = "chaeng-" + digest
    return _dicts[digest]


def full_word_list() -> list[str]:
    """Return the full shipped word list (PyThaiNLP's plus Bangkok place names)."""
    with open(WORDS_FILE, encoding="utf-8") as f:
        return [w for w in f.read().split("\n") if w]


def tokenise(norm_text: str, dictionary: str | None = None) -> list[str]:
    """Split normalised text into newmm word tokens (via nlpo3), dropping spaces."""
    import nlpo3

    name = dictionary or load_words(None)
    return [t for t in nlpo3.segment(norm_text, name, True) if not t.isspace()]


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
    get = vocab.get
    ids = np.fromiter((get(t, -1) for toks in tokens for t in toks), dtype=np.int64)
    doc = np.repeat(np.arange(len(tokens)), [len(toks) for toks in tokens])
    pair = (ids[:-1] >= 0) & (ids[1:] >= 0) & (doc[:-1] == doc[1:])
    known = ids >= 0
    uni = np.uint64(WORD_TAG << CHAR_TAG_SHIFT) | ids[known].astype(np.uint64)
    bi = (np.uint64(BIGRAM_TAG << CHAR_TAG_SHIFT) | (ids[:-1][pair].astype(np.uint64) << np.uint64(24))
          | ids[1:][pair].astype(np.uint64))
    return np.concatenate((doc[known], doc[:-1][pair])), np.concatenate((uni, bi))


_MIX = np.uint64(0x9E3779B97F4A7C15)
INDEX_BITS = 22


def key_slots(keys: np.ndarray, bits: int = INDEX_BITS) -> np.ndarray:
    """Return each key's hash-table slot."""
    h = np.asarray(keys, dtype=np.uint64) * _MIX
    return (h >> np.uint64(64 - bits)).astype(np.int64)


def drop_colliding(keys: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Return a mask keeping, for keys that share a slot, only the most frequent one."""
    slot = key_slots(keys)
    order = np.lexsort((-counts, slot))
    first = np.ones(len(keys), bool)
    first[1:] = slot[order][1:] != slot[order][:-1]
    keep = np.zeros(len(keys), bool)
    keep[order[first]] = True
    return keep


class KeyIndex:
    """A one-probe hash table from 64-bit keys to rows (training drops the few colliding keys)."""

    def __init__(self, keys: np.ndarray):
        self.keys = keys
        slot = key_slots(keys)
        # Rows only (16 MB); a hit is confirmed against the sorted keys themselves, so no fingerprints.
        self.rows = np.full(1 << INDEX_BITS, -1, dtype=np.int32)
        self.rows[slot] = np.arange(len(keys), dtype=np.int32)
        if not np.array_equal(self.rows[slot], np.arange(len(keys))):  # a later key overwrote one
            raise ValueError("colliding feature keys; train with drop_colliding")

    def find(self, keys: np.ndarray) -> np.ndarray:
        """Return the row of each key, or -1 for unknown keys."""
        rows = self.rows[key_slots(keys)]
        if len(self.keys):
            rows[self.keys[np.maximum(rows, 0)] != keys] = -1
        return rows


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
        self.index = KeyIndex(self.keys)

    def raw_from(self, norms, toks):
        """Return (doc, key) pairs from already normalised texts and their tokens."""
        d1, k1 = char_keys(norms, self.nmin, self.nmax)
        d2, k2 = word_keys(toks, self.vocab)
        return np.concatenate((d1, d2)), np.concatenate((k1, k2))

    def matrix(self, doc, key, n_docs):
        """Build the weighted, block-normalised scipy matrix from (doc, key) pairs (training only)."""
        from scipy import sparse  # not imported at inference: it costs ~20 MB resident

        cols, data, indptr = self.weighted(doc, key, n_docs)
        return sparse.csr_matrix((data, cols, indptr), shape=(n_docs, len(self.keys)))

    def weighted(self, doc, key, n_docs):
        """Return CSR parts (columns, values, row pointers) of the weighted, block-normalised rows."""
        idx = self.index.find(key)
        hit = idx >= 0
        # Sorting (doc, feature) pairs gives CSR order and term counts in one step; 32-bit pairs sort
        # twice as fast, and np.unique(return_counts=True) costs more than this sort-and-diff.
        n_feat = max(1, len(self.keys))
        dtype = np.uint32 if n_docs * n_feat < 2**32 else np.int64
        comb = doc[hit].astype(dtype) * dtype(n_feat) + idx[hit].astype(dtype)
        comb.sort()
        if not len(comb):
            return np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(n_docs + 1, np.int64)
        starts = np.flatnonzero(np.concatenate(([True], comb[1:] != comb[:-1])))
        counts = np.diff(np.append(starts, len(comb)))
        pairs = comb[starts].astype(np.int64)
        rows = pairs // n_feat
        cols = (pairs % n_feat).astype(np.int32)
        indptr = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=n_docs))))
        data = (1.0 + np.log(counts)) * self.idf[cols]
        # Characters and words are normalised separately so neither block drowns the other.
        group = rows * 2 + (cols >= self.n_char)
        norms = np.sqrt(np.bincount(group, weights=data * data, minlength=2 * n_docs))
        norms[norms == 0] = 1.0
        data = data / norms[group]
        if self.word_weight != 1.0:
            data[cols >= self.n_char] *= self.word_weight
        return cols, data.astype(np.float32), indptr
