"""Traffy Fondue's 24 category labels with English names and stable ASCII codes."""

# (Thai label, English name, ASCII code); order is fixed because model weights follow it.
_TABLE = (
    ("ถนน", "Road", "road"),
    ("ทางเท้า", "Sidewalk", "sidewalk"),
    ("น้ำท่วม", "Flooding", "flooding"),
    ("แสงสว่าง", "Street light", "street_light"),
    ("ความปลอดภัย", "Safety", "safety"),
    ("ความสะอาด", "Cleanliness", "cleanliness"),
    ("ท่อระบายน้ำ", "Drain", "drain"),
    ("กีดขวาง", "Obstruction", "obstruction"),
    ("สะพาน", "Bridge", "bridge"),
    ("จราจร", "Traffic", "traffic"),
    ("สายไฟ", "Overhead wires", "overhead_wires"),
    ("คลอง", "Canal", "canal"),
    ("ต้นไม้", "Trees", "trees"),
    ("เสียงรบกวน", "Noise", "noise"),
    ("สัตว์จรจัด", "Stray animals", "stray_animals"),
    ("ป้าย", "Signs", "signs"),
    ("ร้องเรียน", "Complaint", "complaint"),
    ("เสนอแนะ", "Suggestion", "suggestion"),
    ("คนจรจัด", "Homeless people", "homeless_people"),
    ("การเดินทาง", "Transit", "transit"),
    ("สอบถาม", "Question", "question"),
    ("ห้องน้ำ", "Toilets", "toilets"),
    ("ป้ายจราจร", "Traffic signs", "traffic_signs"),
    ("PM2.5", "Air (PM2.5)", "pm25"),
)

LABELS = tuple(row[0] for row in _TABLE)
_EN = {th: en for th, en, _ in _TABLE}
_CODE = {th: code for th, _, code in _TABLE}
_FROM_CODE = {code: th for th, _, code in _TABLE}


def label_name(label: str, lang: str = "th") -> str:
    """Return the display name of a label in "th" or "en"."""
    if label not in _EN:
        raise KeyError(label)
    return _EN[label] if lang == "en" else label


def label_code(label: str) -> str:
    """Return the stable ASCII slug of a label (used as Open311 service_code)."""
    return _CODE[label]


def label_from_code(code: str) -> str:
    """Return the Thai label for an ASCII slug."""
    return _FROM_CODE[code]


def parse_labels(value: str) -> list[str]:
    """Split a Traffy `type` cell ("ถนน,ทางเท้า") into known labels."""
    out = []
    for part in (value or "").strip().strip("{}").split(","):
        part = part.strip()
        if part in _EN and part not in out:
            out.append(part)
    return out
