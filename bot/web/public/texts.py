"""The board's words in Thai and English."""
from __future__ import annotations

WORDS = {
    "title": ("แจ้ง · เรื่องร้องเรียนของเมือง", "Chaeng · the city's reports"),
    "intro": ("ทุกเรื่องที่ประชาชนแจ้ง สถานะ และผลงานของแต่ละเขต ข้อมูลส่วนบุคคลถูกลบออกแล้ว",
              "Every report citizens made, where it stands, and each district's record. "
              "Personal data is removed."),
    "category": ("หมวดหมู่", "Category"), "district": ("เขต", "District"),
    "state": ("สถานะ", "State"), "since": ("ตั้งแต่", "From"), "until": ("ถึง", "To"),
    "any": ("ทั้งหมด", "Any"), "filter": ("กรอง", "Filter"), "reported": ("แจ้งเมื่อ", "Reported"),
    "place": ("สถานที่", "Place"), "cases": ("เรื่อง", "cases"), "next": ("ถัดไป", "Next"),
    "previous": ("ก่อนหน้า", "Previous"), "none": ("ไม่พบเรื่อง", "No cases found"),
    "districts": ("ผลงานรายเขต", "District records"), "downloads": ("ดาวน์โหลดข้อมูลเปิด", "Open data"),
    "timeline": ("ความคืบหน้า", "Timeline"), "photos_before": ("ภาพก่อนแก้ไข", "Before"),
    "photos_after": ("ภาพหลังแก้ไข", "After"), "agency": ("หน่วยงานที่รับผิดชอบ", "Responsible agency"),
    "unknown": ("ยังไม่ทราบ", "not known yet"), "time_taken": ("ใช้เวลา", "Time taken"),
    "stars": ("ความพึงพอใจ", "Rating"), "days": ("วัน", "days"), "received": ("เรื่องที่รับ", "Cases received"),
    "finished_share": ("สัดส่วนที่เสร็จสิ้น", "Share finished"),
    "median_days": ("ค่ามัธยฐานวันจนเสร็จ", "Median days to finish"),
    "reopen_rate": ("อัตราการเปิดเรื่องใหม่", "Reopen rate"),
    "oldest_open": ("เรื่องค้างนานที่สุด", "Oldest open cases"),
    "timed_note": ("คำนวณจาก {n} เรื่องที่ทราบเวลาเสร็จ", "from {n} cases with a known finishing time"),
    "no_agency_data": ("ยังไม่มีข้อมูลหน่วยงาน", "No agency data yet"),
    "map_note": ("แผนที่แสดง {n} เรื่องล่าสุดที่มีพิกัด", "The map shows the latest {n} located cases"),
    "board": ("กระดานเรื่องร้องเรียน", "Board"), "created": ("รับเรื่อง", "Reported"),
    "reopen": ("เปิดใหม่", "Reopened"), "by_state": ("ตามสถานะ", "By state"),
}


def word(key: str, lang: str, **values) -> str:
    """The board's word for key in lang (Thai unless 'en')."""
    text = WORDS[key][1 if lang == "en" else 0]
    return text.format(**values) if values else text


# The hotspot pages (insight for planners).
WORDS.update({
    "hotspots": ("จุดที่แจ้งซ้ำ", "Hotspots"),
    "hotspots_intro": ("สถานที่ที่ปัญหาประเภทเดียวกันถูกแจ้งซ้ำในหลายสัปดาห์ ภายในรัศมี {radius} เมตร",
                       "Places where the same kind of problem was reported again and again, in "
                       "different weeks, within {radius} m."),
    "hotspots_of": ("จุดที่แจ้งซ้ำ: {category}", "Hotspots: {category}"),
    "no_hotspots": ("ยังไม่พบจุดที่แจ้งซ้ำในหมวดนี้", "No recurring place in this category yet"),
    "weeks": ("สัปดาห์ที่แจ้ง", "Weeks reported"), "first": ("แจ้งครั้งแรก", "First report"),
    "last": ("แจ้งล่าสุด", "Last report"), "some_cases": ("ตัวอย่างเรื่อง", "Some of its cases"),
})
