"""Read Google plus codes (Open Location Code) in address text, e.g. "PHM7+MRP แขวง คลองเตย"."""
import re

ALPHABET = "23456789CFGHJMPQRVWX"
BANGKOK = (13.75, 100.6)  # reference for short codes, which drop the first four characters (a 1° square)
_CODE = re.compile(r"(?<![0-9A-Za-z])([%s]{4}|[%s]{6}|[%s]{8})\+([%s]{2,3})(?![0-9A-Za-z])"
                   % ((ALPHABET,) * 4))


def _decode(code: str) -> tuple[float, float]:
    """Return the centre (lat, lon) of a full code given without its '+' (10 or 11 characters)."""
    lat = lon = 0.0
    res = 20.0
    for i in range(0, 10, 2):
        lat += ALPHABET.index(code[i]) * res
        lon += ALPHABET.index(code[i + 1]) * res
        cell_lat = cell_lon = res
        res /= 20
    if len(code) > 10:  # the 11th character splits the last cell into 5 rows and 4 columns
        cell_lat, cell_lon = cell_lat / 5, cell_lon / 4
        row, col = divmod(ALPHABET.index(code[10]), 4)
        lat, lon = lat + row * cell_lat, lon + col * cell_lon
    return lat - 90 + cell_lat / 2, lon - 180 + cell_lon / 2


def _prefix(lat: float, lon: float, pairs: int) -> str:
    """Return the first `pairs` digit pairs of the code of a point."""
    lat, lon, res, out = lat + 90, lon + 180, 20.0, ""
    for _ in range(pairs):
        out += ALPHABET[int(lat // res)] + ALPHABET[int(lon // res)]
        lat, lon, res = lat % res, lon % res, res / 20
    return out


def find_pluscode(text: str, near: tuple[float, float] = BANGKOK) -> tuple[float, float] | None:
    """Return the (lat, lon) of the first plus code in text; a short code is taken nearest to `near`."""
    m = _CODE.search(text or "")
    if not m:
        return None
    head, tail = m.groups()
    pairs = (8 - len(head)) // 2
    lat, lon = _decode(_prefix(*near, pairs) + head + tail)
    if pairs:  # the nearest of the candidate squares around the reference, as the specification recovers it
        res = 20.0 ** (2 - pairs)
        lat += res * round((near[0] - lat) / res)
        lon += res * round((near[1] - lon) / res)
    return lat, lon
