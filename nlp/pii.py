"""Find and redact personal data: Thai phone numbers, national ids, e-mail addresses and LINE ids.

Patterns run on a folded copy of the text: invisible characters (a zero-width space inside a
number) are left out, and every digit, dash, space and full-width letter is written the plain ASCII
way, so "０８１–２３４–５６７８" reads as "081-234-5678". Spans are mapped back onto the original text."""
import re
import unicodedata
from typing import NamedTuple

DEFAULT_MASK = "[ลบข้อมูลส่วนบุคคล]"


def _folding() -> dict[int, str]:
    """Every decimal digit to its ASCII digit, dashes to '-', spaces to ' ', full-width ASCII to
    ASCII: a one-to-one character map, so offsets stay valid."""
    table: dict[int, str] = {}
    for point in (*range(0x10000), *range(0x1D7CE, 0x1D800)):
        if unicodedata.category(chr(point)) == "Nd" and point > 0x7F:
            table[point] = str(unicodedata.decimal(chr(point)))
    table.update({point: chr(point - 0xFEE0) for point in range(0xFF01, 0xFF5F)})
    table.update({ord(ch): "-" for ch in "\u2010\u2011\u2012\u2013\u2014\u2015\u2043\u2212\ufe58\ufe63"})
    table.update({ord(ch): " " for ch in "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                  "\u2008\u2009\u200a\u202f\u205f\u3000"})
    table.update({0x3002: ".", 0xFF61: "."})
    return table


_FOLD = _folding()


def _ranges(points: list[int]) -> str:
    """A regex character class of code points, written as ranges (a long list is slow to search)."""
    spans: list[list[int]] = []
    for point in points:
        if spans and point == spans[-1][1] + 1:
            spans[-1][1] = point
        else:
            spans.append([point, point])
    return "[" + "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "")
                         for a, b in spans) + "]"


_NEEDS_FOLD = re.compile(_ranges(sorted(_FOLD)))
# Characters that show nothing (zero-width space and joiners, direction marks, soft hyphen, BOM).
_INVISIBLE = frozenset("\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d"
                       "\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
_SEP = r"[ \-.()]{0,3}"  # between the digits of a phone number: up to three of these
_ID_SEP = r"[ \-.]{0,2}"
_THAI = "\u0e00-\u0e7f"

# A Thai local part (EAI) or a plain one, so Thai words written right before a plain address stay.
_EMAIL = re.compile(rf"(?:[A-Za-z0-9._%+\-]+|[{_THAI}]+)@[A-Za-z0-9\-{_THAI}]+(?:\.[A-Za-z0-9\-{_THAI}]+)*"
                    rf"\.(?:xn--[A-Za-z0-9\-]+|[A-Za-z]{{2,}}|[{_THAI}]{{2,}})")
# Mobile 06/08/09 + 8 digits, Bangkok landline 02 + 7 digits, with 0 or +66 in front. What may
# stand before a number is checked apart (_starts_clear): a pattern that begins with a lookbehind
# is tried at every character, and that made it five times slower on Thai text.
_PHONE = re.compile(r"(?:\+66" + _SEP + r"|66" + _SEP + r"|0" + _SEP + r")(?:[689](?:" + _SEP
                    + r"\d){8}|2(?:" + _SEP + r"\d){7})(?!\d)")
_NATIONAL_ID = re.compile(r"\d(?:" + _ID_SEP + r"\d){12}(?!\d)")
_LINE_ID = re.compile(
    r"(?:line\s*id|id\s*line|ไลน์\s*ไอดี|ไอดี\s*ไลน์)\s*[:：=]?\s*(@?[A-Za-z0-9._-]{2,20})"
    r"|(?:line|ไลน์)\s*[:：=]\s*(@?[A-Za-z0-9._-]{2,20})"
    r"|(?:line|ไลน์)\s*(@[A-Za-z0-9._-]{2,20})"
    r"|ไลน์\s*([A-Za-z0-9._-]{3,20})",
    re.IGNORECASE,
)
# LINE's add-friend and invitation links (line.me/ti/p/~id, line.me/R/ti/p/@id, lin.ee/...).
_LINE_LINK = re.compile(r"(?:https?://)?(?:line\.me/(?:R/)?(?:ti|oaMessage|msg)/|lin\.ee/|page\.line\.me/)"
                        r"[A-Za-z0-9~%@._\-/?=&#+:]+", re.IGNORECASE)
_LINE_USER = re.compile(r"(?<![0-9A-Za-z])[UCR][0-9a-f]{32}(?![0-9A-Za-z])")  # a LINE user id


# The cheap tests that rule out most texts. Eight digits (Unicode-aware: Thai and full-width
# digits count): the shortest number, a Bangkok landline 02 + 7 digits, has nine. Matched from the
# start without backtracking, which is several times faster than a search.
_EIGHT_DIGITS = re.compile(r"(?:\D*+\d){8}")
# A word for LINE as _LINE_ID matches it (its IGNORECASE takes a dotless or dotted i too), or a link.
_LINE_WORD = re.compile(r"[lLｌＬ][iIıİｉＩ][nNｎＮ](?:[eEｅＥ]|\.[eE][eE])|ไลน์")
_ODD = re.compile("[＠" + "".join(_INVISIBLE) + "]")  # could hide an @ or a word from the tests


def _may_hold_personal_data(text: str) -> bool:
    """A cheap test that rules out most texts: every pattern needs an @, a word for LINE, at
    least eight digits or a LINE user id (or characters that could hide one of those)."""
    return ("@" in text or ("U" in text and _LINE_USER.search(text) is not None)
            or _LINE_WORD.search(text) is not None or _EIGHT_DIGITS.match(text) is not None
            or _ODD.search(text) is not None)


class Span(NamedTuple):
    """A piece of personal data found in text: kind, character offsets and the matched text."""

    kind: str
    start: int
    end: int
    text: str


def valid_national_id(digits: str) -> bool:
    """Check the mod-11 checksum of a 13-digit Thai national id."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def _folded(text: str) -> tuple[str, list[int] | None]:
    """The text as the patterns read it, and where each of its characters sits in text (None when
    nothing was left out)."""
    where = None
    if _ODD.search(text) is not None:
        where = [i for i, ch in enumerate(text) if ch not in _INVISIBLE]
        text = "".join(text[i] for i in where)
    return (text.translate(_FOLD) if _NEEDS_FOLD.search(text) else text), where


def _candidates(folded: str):
    """Yield every (rank, kind, start, end) match in the folded text before overlaps are resolved;
    a lower rank wins an overlap. Each pattern runs only when its cheap test passes."""
    line_word = _LINE_WORD.search(folded) is not None  # links hold one too
    if line_word:
        yield from ((0, "line_id", m.start(), m.end()) for m in _LINE_LINK.finditer(folded))
    if "@" in folded:
        yield from ((1, "email", m.start(), m.end()) for m in _EMAIL.finditer(folded))
    digits = sum(map(folded.count, "0123456789"))  # folding made every digit ASCII
    if digits >= 13:
        for m in _clear_matches(_NATIONAL_ID, folded):
            if valid_national_id(re.sub(r"\D", "", m.group(0))):
                yield 2, "national_id", m.start(), m.end()
    if digits >= 9:
        yield from ((3, "phone", m.start(), m.end()) for m in _clear_matches(_PHONE, folded))
    if "U" in folded:
        yield from ((4, "line_id", m.start(), m.end()) for m in _LINE_USER.finditer(folded))
    if line_word:
        for m in _LINE_ID.finditer(folded):
            g = next(i for i in range(1, 5) if m.group(i))
            if m.group(g).strip("@._-"):
                yield 5, "line_id", m.start(g), m.end(g)


def _clear_matches(pattern: re.Pattern, text: str):
    """The pattern's matches that do not continue a number: no digit or '+' right before, and no
    'digit.' (the decimals of a coordinate), while "โทร.0812345678" still counts. '66' must start
    a word."""
    position = 0
    while (m := pattern.search(text, position)) is not None:
        start = m.start()
        before = text[max(0, start - 2):start]
        if before[-1:].isdigit() or before[-1:] == "+" or (before[:1].isdigit() and before[1:] == ".") \
                or (text.startswith("66", start) and before[-1:].isalnum()):
            position = start + 1
            continue
        yield m
        position = m.end()


def find_personal_data(text: str) -> list[Span]:
    """Return the personal data spans in text, in order, without overlaps."""
    if not text or not _may_hold_personal_data(text):
        return []
    folded, where = _folded(text)
    found = sorted(_candidates(folded), key=lambda c: (c[0], -(c[3] - c[2])))
    kept: list[tuple[str, int, int]] = []
    for _rank, kind, start, end in found:
        if all(end <= s or start >= e for _k, s, e in kept):
            kept.append((kind, start, end))
    spans = []
    for kind, start, end in sorted(kept, key=lambda k: k[1]):
        if where is not None:
            start, end = where[start], where[end - 1] + 1
        spans.append(Span(kind, start, end, text[start:end]))
    return spans


def redact(text: str, mask: str = DEFAULT_MASK) -> str:
    """Return text with every personal data span replaced by mask."""
    out = text or ""
    for s in reversed(find_personal_data(out)):
        out = out[: s.start] + mask + out[s.end :]
    return out
