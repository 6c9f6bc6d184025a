"""English (RTGS) names of Bangkok's districts and subdistricts, and place words in citizens' text."""
import csv
import functools
import os
import re

from .gazetteer import DISTRICTS

SUBDISTRICTS_FILE = os.path.join(os.path.dirname(__file__), "data", "subdistricts_en.tsv")


@functools.cache
def subdistricts() -> dict[tuple[str, str], str]:
    """(district, subdistrict) in Thai -> the subdistrict's English name, from the shipped TSV."""
    with open(SUBDISTRICTS_FILE, encoding="utf-8", newline="") as handle:
        return {(row["district"], row["subdistrict"]): row["subdistrict_en"]
                for row in csv.DictReader(handle, delimiter="\t")}


def district_en(district: str | None) -> str | None:
    """A district's English name, or None for a name we do not know."""
    return DISTRICTS.get(district or "")


def subdistrict_en(district: str | None, subdistrict: str | None) -> str | None:
    """A subdistrict's English name within its district, or None for a pair we do not know."""
    if not subdistrict:
        return None
    return subdistricts().get((district or "", subdistrict))


def describe_place(district: str | None, subdistrict: str | None, lang: str) -> str | None:
    """'แขวงคลองเตยเหนือ เขตวัฒนา' or 'Khlong Toei Nuea, Watthana'; None without a district."""
    if not district:
        return None
    if lang == "en":
        names = [subdistrict_en(district, subdistrict) or subdistrict, district_en(district) or district]
        return ", ".join(n for n in names if n)
    return f"แขวง{subdistrict} เขต{district}" if subdistrict else f"เขต{district}"


# Words that start a description of where something is; what follows them names the place.
_TH_MARKERS = ("ปากซอย", "ท้ายซอย", "ในซอย", "ซอย", "ซ.", "ตรงข้าม", "ใกล้", "แถว", "หน้า", "ข้าง", "ริม",
               "หมู่บ้าน", "สี่แยก", "แยก", "ตลาด", "สถานี", "ชุมชน", "วัด", "โรงเรียน", "คอนโด", "อาคาร",
               "ป้ายรถเมล์", "สะพาน", "ถ.", "ถนน")
# After ถนน the next word is more often the problem ("ถนนพัง") than a road's name.
_NOT_A_NAME = ("พัง", "เป็น", "ชำรุด", "ทรุด", "แตก", "มี", "ไม่", "ขาด", "ลื่น", "น้ำ", "เสีย", "ยุบ", "สกปรก",
               "มืด", "ร้าว", "เละ", "ขรุขระ", "หลุม", "ตรง", "ดับ", "หน้า", "ใน", "ทั้ง", "ถูก", "โดน", "ก็", "จะ")
_TH = re.compile(r"(?:%s)[^\s,.;!?()]*(?:\s+(?:\d+[/\d]*|ซ\.\s*\d+|ซอย\s*\d+|แยก\s*\d+))*"
                 % "|".join(re.escape(m) for m in _TH_MARKERS))
_EN = re.compile(r"\b(?:near|opposite|in front of|outside|behind|corner of|at the corner of|soi)\s+"
                 r"[\w'/-]+(?:\s+[\w'/-]+){0,4}", re.IGNORECASE)
_EN_STOP = re.compile(r"\s+(?:and|but|there|it|is|has|have|the problem|since|for|please)\b.*$", re.IGNORECASE)
MAX_PLACE_WORDS = 200


def place_words(text: str) -> str | None:
    """The words of a report that say where the problem is ('ปากซอยลาดพร้าว 71'), or None."""
    found, text, at = [], text or "", 0
    while match := _TH.search(text, at):
        words = match.group(0)
        if words.startswith("ถนน") and words[3:].startswith(_NOT_A_NAME) or len(words) <= 4:
            at = match.start() + 1  # "ถนนพัง" is the problem; a place may still follow in the same word
            continue
        found.append(words)
        at = match.end()
    for match in _EN.finditer(text):
        found.append(_EN_STOP.sub("", match.group(0)))
    unique = list(dict.fromkeys(w.strip() for w in found if w.strip()))
    return " ".join(unique)[:MAX_PLACE_WORDS] or None
