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

# Reporting in LINE, the map, photos and the pages that say something is not here.
WORDS.update({
    "report_in_line": ("แจ้งปัญหาใน LINE", "Report a problem in LINE"),
    "report_pitch": ("พบปัญหาในเมือง? เพิ่มเพื่อน LINE แล้วส่งรูปและตำแหน่งในแชตได้เลย",
                     "Seen a problem in the city? Add the LINE account, then send a photo and the "
                     "place in the chat."),
    "line_id": ("ไอดี LINE", "LINE ID"),
    "scan": ("สแกนด้วยแอป LINE เพื่อเพิ่มเพื่อน", "Scan with the LINE app to add it as a friend"),
    "qr_title": ("คิวอาร์โค้ดเพิ่มเพื่อน LINE", "QR code to add the LINE account"),
    "map_label": ("แผนที่เรื่องร้องเรียน", "Map of the reports"),
    "case_map_label": ("ตำแหน่งของเรื่องนี้บนแผนที่", "Where this case is, on a map"),
    "map_caption": ("แผนที่แสดง {shown} จาก {total} เรื่อง (เฉพาะที่มีพิกัด สูงสุด {limit} เรื่องล่าสุด)",
                    "The map shows {shown} of {total} cases (those with a location, the latest "
                    "{limit} at most)"),
    "map_needs_script": ("แผนที่ต้องเปิดใช้ JavaScript รายการด้านล่างใช้ได้ตามปกติ",
                         "The map needs JavaScript; the list below works without it."),
    "tiles_offline": ("โหลดภาพแผนที่พื้นหลังไม่ได้ (ออฟไลน์) จุดของแต่ละเรื่องยังแสดงตามพิกัด",
                      "The background map could not be loaded (offline); each case's dot is still "
                      "shown where it is."),
    "attribution": ("© ผู้ร่วมให้ข้อมูล OpenStreetMap", "© OpenStreetMap contributors"),
    "zoom_in": ("ขยาย", "Zoom in"), "zoom_out": ("ย่อ", "Zoom out"),
    "photo": ("รูปของเรื่อง", "Photo of case"), "no_photo": ("ไม่มีรูป", "No photo"),
    "coordinates": ("พิกัด", "Coordinates"), "skip": ("ข้ามไปที่เนื้อหา", "Skip to the content"),
    "menu": ("เมนูหลัก", "Main menu"), "pages": ("หน้า", "Pages"),
    "not_found": ("ไม่พบหน้านี้", "Page not found"),
    "not_found_text": ("ไม่มีเรื่องหรือหน้าตามที่อยู่นี้ โปรดตรวจเลขเรื่องอีกครั้ง",
                       "There is no case or page at this address. Please check the ticket number."),
    "gone": ("เรื่องนี้ถูกนำออกจากกระดานสาธารณะ", "This case was taken off the public board"),
    "gone_text": ("ผู้ดูแลระบบนำเรื่องนี้ออกจากหน้าสาธารณะ เช่น เพราะมีข้อมูลส่วนบุคคล "
                  "ผู้แจ้งยังติดตามเรื่องได้ในแชต LINE",
                  "A moderator took this case off the public pages, for instance because it held "
                  "personal data. Its reporter can still follow it in the LINE chat."),
    "back_to_board": ("กลับไปที่กระดานเรื่องร้องเรียน", "Back to the board"),
    "bad_request": ("คำขอไม่ถูกต้อง", "Bad request"), "row_number": ("ลำดับ", "No."),
    "case": ("เรื่อง", "Case"), "details": ("รายละเอียด", "Details"),
    "case_count": ("จำนวนเรื่อง", "Cases"),
})
