"""The category chooser: the three likeliest first, then 'more' for all of Traffy's categories."""
from __future__ import annotations

import nlp
from bot.line import messages as m
from bot.texts import t

# label -> (icon, Thai hint, English hint); every one of nlp.LABELS, in the order people look for them.
HINTS = {
    "ถนน": ("🛣️", "หลุม ผิวถนนพัง", "potholes, broken road"),
    "ทางเท้า": ("🚶", "ทางเท้าชำรุด กระเบื้องแตก", "broken pavement"),
    "น้ำท่วม": ("🌊", "น้ำท่วมขัง", "standing water"),
    "ท่อระบายน้ำ": ("🕳️", "ท่ออุดตัน ฝาท่อหาย", "blocked drain, missing cover"),
    "แสงสว่าง": ("💡", "ไฟถนนดับ", "street light out"),
    "ความสะอาด": ("🗑️", "ขยะ กลิ่นเหม็น", "rubbish, smell"),
    "จราจร": ("🚦", "รถติด สัญญาณไฟ", "traffic, signals"),
    "ป้ายจราจร": ("⛔", "ป้ายจราจรชำรุด", "damaged traffic sign"),
    "กีดขวาง": ("🚧", "สิ่งของกีดขวางทาง", "something in the way"),
    "ต้นไม้": ("🌳", "ต้นไม้ล้ม กิ่งไม้", "fallen tree, branches"),
    "สายไฟ": ("🔌", "สายไฟห้อย สายสื่อสาร", "hanging wires"),
    "ความปลอดภัย": ("🛡️", "จุดเสี่ยง อันตราย", "danger, unsafe spot"),
    "สะพาน": ("🌉", "สะพานชำรุด", "damaged bridge"),
    "คลอง": ("🛶", "คลองสกปรก ตื้นเขิน", "dirty or shallow canal"),
    "เสียงรบกวน": ("🔊", "เสียงดัง", "noise"),
    "สัตว์จรจัด": ("🐕", "สุนัข แมวจรจัด", "stray dogs, cats"),
    "คนจรจัด": ("🧍", "คนไร้บ้าน", "people sleeping rough"),
    "ป้าย": ("🪧", "ป้ายโฆษณา ป้ายผิดที่", "billboards, signs"),
    "การเดินทาง": ("🚌", "รถเมล์ เรือ ป้ายรถ", "buses, boats, stops"),
    "ห้องน้ำ": ("🚻", "ห้องน้ำสาธารณะ", "public toilets"),
    "PM2.5": ("😷", "ฝุ่น ควัน", "dust, smoke"),
    "ร้องเรียน": ("📣", "ร้องเรียนเจ้าหน้าที่", "complaint about staff"),
    "เสนอแนะ": ("💬", "ข้อเสนอแนะ", "a suggestion"),
    "สอบถาม": ("❓", "คำถาม", "a question"),
}
PER_BUBBLE = 6
TOP = 3


def hint(label: str, lang: str) -> str:
    """A category's short hint in the user's language."""
    _, th, en = HINTS[label]
    return en if lang == "en" else th


def chip_label(label: str, lang: str) -> str:
    """A category as it reads on a chip: its icon and name."""
    return f"{HINTS[label][0]} {nlp.label_name(label, lang)}"


def top_chips(text: str, lang: str, draft_id: str) -> dict:
    """The question with the three likeliest categories, 'more', 'other' and 'cancel' as chips."""
    predictions = nlp.classify(text)[:TOP]
    chips = [m.chip(chip_label(p.label, lang), "category", c=nlp.label_code(p.label), d=draft_id)
             for p in predictions]
    chips += [m.chip(t("all_categories", lang), "allcats", d=draft_id),
              m.chip(t("other", lang), "category", c="other", d=draft_id),
              m.chip(t("cancel", lang), "cancel", d=draft_id)]
    return m.text(t("choose_category", lang), quick=chips)


def full_list(lang: str, draft_id: str) -> dict:
    """Every category as a carousel: icon, name and hint on each tappable row."""
    labels = list(HINTS)
    bubbles = [_bubble(labels[start:start + PER_BUBBLE], lang, draft_id)
               for start in range(0, len(labels), PER_BUBBLE)]
    message = m._flex(t("all_categories_title", lang), {"type": "carousel", "contents": bubbles})
    message["quickReply"] = {"items": [m.chip(t("other", lang), "category", c="other", d=draft_id),
                                       m.chip(t("cancel", lang), "cancel", d=draft_id)]}
    return message


def _bubble(labels: list[str], lang: str, draft_id: str) -> dict:
    """One page of the full list: a button per category with its hint beneath."""
    rows = []
    for label in labels:
        data = m.postback_data("category", c=nlp.label_code(label), d=draft_id)
        rows.append(m._button(chip_label(label, lang), data))
        rows.append({"type": "text", "text": hint(label, lang), "size": "xs", "color": "#888888",
                     "align": "center", "wrap": True})
    return {"type": "bubble", "size": "kilo", "body": m._box(rows)}
