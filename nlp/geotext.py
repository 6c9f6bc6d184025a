"""Find the Bangkok district and subdistrict named in address or free text."""
import re

from . import addresses
from .gazetteer import BANGKOK_HINTS, DISTRICTS, ENGLISH_VARIANTS, NOT_AREA_BEFORE, ROAD_LIKE, VARIANTS
from .geo import Place, locate, make_place, table
from .pluscode import find_pluscode

_gaz = (None, None)  # (the place table the regexes were built from, the regexes)


def _alternation(names) -> str:
    """Return a regex alternation, longest first so คลองตันเหนือ wins over คลองตัน."""
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


def _gazetteer():
    """Build the subdistrict index and regexes once per place table from its names."""
    global _gaz
    if _gaz[0] is not table():
        subs = {}
        for (district, sub), w in zip(table().names, table().header.get("name_weights", [])):
            if district in DISTRICTS and sub:
                subs.setdefault(sub, {})[district] = w
        d_alt, s_alt = _alternation(DISTRICTS), _alternation(subs)
        _gaz = table(), dict(
            subs=subs,
            d_explicit=re.compile(r"(?:เขต|อำเภอ|อ\.|ข\.)\s*(%s)" % d_alt),
            s_explicit=re.compile(r"(?:แขวง|ตำบล|ต\.|ข\.)\s*(%s)" % s_alt),
            d_bare=re.compile(d_alt), s_bare=re.compile(s_alt),
            en=re.compile(r"\b(%s)\b" % _alternation(
                [n.lower() for n in DISTRICTS.values()] + list(ENGLISH_VARIANTS))),
        )
    return _gaz[1]


_EN_TO_TH = {en.lower(): th for th, en in DISTRICTS.items()}
_EN_TO_TH.update(ENGLISH_VARIANTS)
_VARIANT_RE = re.compile(_alternation(VARIANTS))
_OTHER_PROVINCE = re.compile(r"(?:จ\.|จังหวัด)\s*(?!กรุงเทพ|กทม)[ก-๙]{3,}|นนทบุรี|สมุทรปราการ|ปทุมธานี|นครปฐม|สมุทรสาคร")


def _bare(pattern, text):
    """Return names matched without a prefix, skipping ones that follow a road or building word."""
    out = []
    for m in pattern.finditer(text):
        before = text[max(0, m.start() - 10) : m.start()].rstrip()
        if not before.endswith(NOT_AREA_BEFORE):
            out.append(m.group(1) if m.groups() else m.group(0))
    return out


def _district_of(sub, hints):
    """Return the district of a subdistrict, using district hints when the name is shared."""
    owners = _gazetteer()["subs"].get(sub, {})
    for d in hints:
        if d in owners:
            return d
    if owners:
        best = max(owners, key=owners.get)
        if owners[best] >= 0.8 * sum(owners.values()):
            return best
    return None


def locate_text(text: str) -> Place | None:
    """Return the Bangkok district and subdistrict named in address or free text, or None.

    A plus code (Google's "PHM7+MRP") is a point, so it is located like coordinates; else an address whose
    place names (house numbers left out) earlier tickets had decides by their districts; else the rules.
    """
    point = find_pluscode(text)
    place = locate(*point) if point else None
    if place is not None:
        return place
    stated = _rules(text)
    label = addresses.lookup(table(), text)
    if label is None:
        return stated
    district, subdistrict = table().names[label]
    if not district:
        return None  # earlier tickets with this address were outside Bangkok
    if stated is not None and stated.district == district and stated.subdistrict:
        subdistrict = stated.subdistrict  # the text's own แขวง, when it lies in that district
    return make_place(district, subdistrict)


def _rules(text: str) -> Place | None:
    """Return the place named by explicit prefixes, known subdistricts and bare district names, or None."""
    g = _gazetteer()
    t = re.sub(r"\s+", " ", text or "")
    t = _VARIANT_RE.sub(lambda m: VARIANTS[m.group(0)], t)
    low = t.lower()
    d_exp = g["d_explicit"].findall(t)
    s_exp = g["s_explicit"].findall(t)
    d_bare = _bare(g["d_bare"], t) + [_EN_TO_TH[m] for m in g["en"].findall(low)]
    s_bare = _bare(g["s_bare"], t)
    hint = any(h in low for h in BANGKOK_HINTS)
    if d_exp:
        district = d_exp[0]
        # A bare name equal to the district is the district itself (เขตราษฎร์บูรณะ), not its แขวง.
        candidates = s_exp + [s for s in s_bare if s != district]
        sub = next((s for s in candidates if district in g["subs"].get(s, {})), None)
        return make_place(district, sub)
    if s_exp:
        district = _district_of(s_exp[0], d_bare)
        return make_place(district, s_exp[0]) if district else None
    if _OTHER_PROVINCE.search(t) and not hint:
        return None
    for district in d_bare:
        subs = [s for s in s_bare if district in g["subs"].get(s, {}) and s != district]
        if subs or hint or district not in ROAD_LIKE:
            return make_place(district, subs[0] if subs else None)
    return None
