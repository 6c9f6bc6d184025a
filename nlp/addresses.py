"""Learned address keys: the district earlier tickets with the same address (house numbers left out) were in.

Traffy's addresses are reverse-geocoded with other borders than the BMA's: "แขวง คลองตันเหนือ เขตวัฒนา" on
Sukhumvit is often a Khlong Toei ticket. Each address gives three keys, from the most to the least specific:
the whole address, the part from the first road or lane word on, and the part from แขวง on. Only 64-bit
hashes of the keys and the majority place are stored, never the text.
"""
import collections
import hashlib
import re

import numpy as np

from .pluscode import _CODE

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBER = re.compile(r"\d+(?:[/-]\d+)*")
_GENERIC = re.compile(r"กรุงเทพมหานคร|กรุงเทพฯ?|กทม\.?|จังหวัด|ประเทศไทย|thailand|bangkok|[\d\s,.#-]", re.I)
_HOUSE = re.compile(r"(\d+)(?:[/-]\d+)*(?: \d+(?:[/-]\d+)*)* ")  # leading house numbers: 597 5, 20/354-355
_ROAD = re.compile(r"ถนน|ถ\.|ซอย|ซ\.|\bRd\b|\bSoi\b")


def keys(text: str) -> list[tuple[str, str]]:
    """Return the (kind, key) pairs of an address, most specific first; plus codes out, spaces collapsed.

    A lane's number is part of its name (ซอย สุขุมวิท 79); of the house number only its parity is kept,
    since odd and even numbers face each other across a road that is often the border itself.
    """
    t = re.sub(r"\s+", " ", _CODE.sub("", (text or "").translate(_THAI_DIGITS))).strip()
    if not re.search(r"[ก-๙A-Za-z]", _GENERIC.sub("", t)):
        return []  # "กรุงเทพมหานคร ประเทศไทย" alone names no district: a learned key would be a guess
    house = _HOUSE.match(t)
    rest = t[house.end():] if house else t
    out = []
    if house:
        out.append(("house", "%s %s" % ("odd" if int(house.group(1)) % 2 else "even", rest)))
    out.append(("full", rest))
    road = _ROAD.search(rest)
    if road:
        out.append(("road", rest[road.start():]))
    sub = rest.find("แขวง")
    if sub >= 0:
        out.append(("sub", rest[sub:]))
    out.append(("bare", _NUMBER.sub("#", rest)))
    return out


def key_hash(kind: str, key: str) -> int:
    """Return the 64-bit hash stored for a key."""
    return int.from_bytes(hashlib.blake2b(("%s|%s" % (kind, key)).encode(), digest_size=8).digest(), "little")


def build(labelled) -> tuple[np.ndarray, np.ndarray]:
    """Return sorted key hashes and their place index from (address, place index, district) triples.

    A key keeps the district most of its tickets had (at least half), and that district's commonest place.
    """
    votes = collections.defaultdict(collections.Counter)
    for address, label, district in labelled:
        for kind, key in keys(address):
            votes[key_hash(kind, key)][label, district] += 1
    hashes, labels = [], []
    for h, counts in votes.items():
        by_district = collections.Counter()
        for (_, district), n in counts.items():
            by_district[district] += n
        district, n = by_district.most_common(1)[0]
        if 2 * n >= sum(by_district.values()):
            hashes.append(h)
            labels.append(max((c, lab) for (lab, d), c in counts.items() if d == district)[1])
    order = np.argsort(np.array(hashes, np.uint64), kind="stable")
    return np.array(hashes, np.uint64)[order], np.array(labels, np.uint16)[order]


def lookup(table, text: str) -> int | None:
    """Return the place index of the most specific known key of an address, or None."""
    if not len(table.address_key):
        return None
    for kind, key in keys(text):
        h = np.uint64(key_hash(kind, key))
        i = int(np.searchsorted(table.address_key, h))
        if i < len(table.address_key) and table.address_key[i] == h:
            return int(table.address_label[i])
    return None
