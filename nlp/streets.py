"""Addresses as the public may read them: the road and the soi, the subdistrict and the district,
never the house. LINE's address of a location ("99/1 หมู่บ้าน… ซอยลาดพร้าว 71 ถนนลาดพร้าว แขวง…")
points at one house; the road and soi say where the problem is just as well."""
import re

from .pii import DEFAULT_MASK

_DIGIT = r"[0-9๐-๙]"
_POSTCODE = re.compile(r"1[0-9]{4}(?![0-9])")  # a Bangkok postcode: it names no more than a district
# Where the street part of an address ends: the subdistrict, district, city, province or postcode.
# (A word counts where it starts one: see _street_part.)
_AREA = re.compile(r"แขวง|เขต|ตำบล|ต\.|อำเภอ|อ\.|กรุงเทพ|กทม|จังหวัด|จ\.|1[0-9]{4}(?![0-9])")
_LATIN = re.compile(r"[A-Za-z]")
_THAI_STREET = re.compile(
    rf"(?:ซอย|ซ\.)\s*[^\s,()]+(?:\s+{_DIGIT}+(?:/{_DIGIT}+)?)?(?:\s*แยก\s*{_DIGIT}+(?:-{_DIGIT}+)?)?"
    rf"|(?:ถนน|ถ\.)\s*[^\s,()]+(?:\s+{_DIGIT}+(?![/\-0-9]))?")
_ENGLISH_STREET = re.compile(
    r"\bSoi\s+[A-Za-z0-9][\w.-]*(?:\s+\d+(?![/\d]))?"
    r"|\b[A-Z][A-Za-z.-]*(?:\s+(?:[A-Z][A-Za-z.-]*|\d+(?![/\d])|[IVX]+)){0,3}\s+"
    r"(?:Rd|Road|St|Street|Alley|Ave|Avenue)\b\.?")
# A house number in free text: said to be one, or standing before the words of an address. (No
# IGNORECASE and no leading lookbehind: either makes sre try every character the slow way.)
_SAID_HOUSE = re.compile(rf"((?:บ้าน)?เลขที่|บ้านเลข|[Hh]ouse\s+(?:[Nn]o\.?|[Nn]umber))\s*[:：]?\s*"
                         rf"({_DIGIT}+(?:/{_DIGIT}+)*)(?![\w/-])")
_HOUSE_BEFORE_STREET = re.compile(
    rf"{_DIGIT}{{1,5}}/{_DIGIT}{{1,5}}(?![\w/])"
    rf"(?=\s*(?:หมู่|ม\.|หมู่บ้าน|ซอย|ซ\.|ถนน|ถ\.|แขวง|ตำบล|ต\.|[Mm]oo\b|[Ss]oi\b|[Rr]oad\b|[Rr]d\b))")


_SOI_BEFORE = re.compile(r"(?:ซอย|ซ\.|soi)\s*[^\s]*\s*$", re.IGNORECASE)  # "ซอยสุขุมวิท 101/1" is a soi


def streets(address: str | None) -> str:
    """The soi and road an address names, in its order ("ซอยลาดพร้าว 71 ถนนลาดพร้าว"), or ''."""
    if not address:
        return ""
    street_part = _street_part(address)
    found = [_tidy(m.group(0)) for m in _THAI_STREET.finditer(street_part)]
    if _LATIN.search(street_part):
        found += [m.group(0).strip() for m in _ENGLISH_STREET.finditer(street_part)]
    return " ".join(dict.fromkeys(found))  # once each, in order


def _street_part(address: str) -> str:
    """The address up to its subdistrict, district, city or postcode (a word that starts one)."""
    for m in _AREA.finditer(address):
        start = m.start()
        before = address[start - 1] if start else " "
        if before in " ,\t\n" or (m.group(0)[0] == "1" and not before.isdigit()):
            return address[:start]
    return address


def public_address(address: str | None, district: str | None = None,
                   subdistrict: str | None = None) -> str:
    """Road and soi, subdistrict and district: the address without the house ('' when none)."""
    return with_area(streets(address), district, subdistrict)


def with_area(street: str, district: str | None, subdistrict: str | None) -> str:
    """A street followed by 'แขวง… เขต…'."""
    parts = [street, f"แขวง{subdistrict}" if subdistrict else "", f"เขต{district}" if district else ""]
    return " ".join(part for part in parts if part)


def postcode(address: str | None) -> str | None:
    """The last postcode written in an address, if any."""
    found = [m.group(0) for m in _POSTCODE.finditer(address or "")
             if not (m.start() and address[m.start() - 1].isalnum())]
    return found[-1] if found else None


def mask_house_numbers(text: str | None, mask: str = DEFAULT_MASK) -> str:
    """Text with house numbers masked: 'บ้านเลขที่ 99/1' and '99/1 หมู่ 4', not 'ซอย 71'."""
    if not text:
        return ""
    if "เลข" in text or "ouse" in text:
        text = _SAID_HOUSE.sub(lambda m: f"{m.group(1)} {mask}", text)
    if "/" in text:
        text = _HOUSE_BEFORE_STREET.sub(lambda m: m.group(0) if _continues(text, m.start())
                                        or _SOI_BEFORE.search(text, max(0, m.start() - 40), m.start())
                                        else mask, text)
    return text


def _continues(text: str, start: int) -> bool:
    """Whether a match starts inside a longer word or number (a date's 12/3/2565, a URL)."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/.-_")


def _tidy(phrase: str) -> str:
    """'ซอย สุขุมวิท 21' as 'ซอยสุขุมวิท 21' (Google's addresses put a space after the keyword)."""
    if "  " in phrase or "\n" in phrase or "\t" in phrase:
        phrase = " ".join(phrase.split())
    if phrase[3:4] == " " and phrase[:3] in ("ซอย", "ถนน") and not phrase[4:5].isdigit():
        phrase = phrase[:3] + phrase[4:]
    return phrase
