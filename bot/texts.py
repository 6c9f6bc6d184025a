"""Every sentence the bot says, in Thai and English."""
from __future__ import annotations

TEXTS = {
    "greeting": {
        "th": "สวัสดีครับ นี่คือแจ้ง (Chaeng) บริการแจ้งปัญหาเมือง 🏙️\n"
              "พิมพ์เล่าปัญหา ส่งรูป และส่งตำแหน่ง ได้ในลำดับใดก็ได้ เราจะส่งเรื่องถึงหน่วยงานที่รับผิดชอบ "
              "และแจ้งความคืบหน้าให้ทราบทุกครั้ง\n\n"
              "ข้อมูลส่วนบุคคล (PDPA): เราเก็บรหัสผู้ใช้ LINE ของท่านเพื่อแจ้งความคืบหน้าเท่านั้น "
              "ไม่เปิดเผยต่อสาธารณะ รูปถ่ายจะถูกลบข้อมูลตำแหน่งและอุปกรณ์ (EXIF) ก่อนจัดเก็บ "
              "เบอร์โทรหรือเลขบัตรในข้อความจะถูกซ่อนจากหน้าสาธารณะ\n\n"
              "พิมพ์ \"เรื่องของฉัน\" เพื่อดูเรื่องที่เคยแจ้ง หรือ \"ช่วยเหลือ\" เพื่อดูวิธีใช้",
        "en": "Hello, this is Chaeng, the city problem-reporting service 🏙️\n"
              "Describe the problem, send photos and your location, in any order. We pass the report to "
              "the office responsible and tell you every time its status changes.\n\n"
              "Personal data (PDPA): we keep your LINE user id only to send you updates and never publish "
              "it. Location and device data (EXIF) are removed from photos before they are stored; phone "
              "and id numbers in your text are hidden from public pages.\n\n"
              "Type \"my cases\" to see your reports or \"help\" for how to use the bot.",
    },
    "help": {
        "th": "วิธีแจ้งปัญหา: 1) พิมพ์เล่าปัญหา 2) ส่งรูป 3) ส่งตำแหน่ง แล้วกดยืนยัน\n"
              "คำสั่ง: \"เรื่องของฉัน\" ดูเรื่องที่แจ้ง · ส่งเลขเรื่อง เช่น 2026-7KQ2ZD เพื่อดูสถานะ · "
              "\"ยกเลิก\" ยกเลิกเรื่องที่กำลังแจ้ง",
        "en": "To report: 1) describe the problem 2) send a photo 3) send the location, then confirm.\n"
              "Commands: \"my cases\" lists your reports · send a ticket id such as 2026-7KQ2ZD for its "
              "status · \"cancel\" drops the report you are writing",
    },
    "blocked": {"th": "ขออภัย บัญชีนี้ถูกระงับการแจ้งเรื่องโดยผู้ดูแลระบบ หากคิดว่าเป็นความผิดพลาด "
                      "กรุณาติดต่อสายด่วน 1555",
                "en": "Sorry, reports from this account have been suspended by an administrator. If you "
                      "think this is a mistake, please call the 1555 hotline."},
    "ask_description": {"th": "ช่วยพิมพ์เล่าปัญหาสั้น ๆ ว่าเกิดอะไรขึ้นครับ",
                        "en": "Please describe the problem in a few words."},
    "ask_location": {"th": "กรุณาส่งตำแหน่งที่เกิดปัญหา (กดปุ่ม \"ส่งตำแหน่ง\" ด้านล่าง)",
                     "en": "Please send the location of the problem (tap \"Send location\" below)."},
    "photo_received": {"th": "ได้รับรูปแล้ว {count} รูป", "en": "Got {count} photo(s)."},
    "photo_bad": {"th": "รูปนี้ใช้ไม่ได้ ({reason}) กรุณาส่งรูป JPEG หรือ PNG ใหม่อีกครั้ง",
                  "en": "This photo can't be used ({reason}). Please send a JPEG or PNG photo again."},
    "photo_lost": {"th": "ขออภัย ดึงรูปจาก LINE ไม่สำเร็จ กรุณาส่งรูปอีกครั้ง",
                   "en": "Sorry, we could not fetch that photo from LINE. Please send it again."},
    "outside_area": {"th": "ตำแหน่งนี้อยู่นอกพื้นที่ให้บริการ ({where}) เรื่องจะถูกส่งให้ผู้ดูแลคัดกรอง",
                     "en": "This location is outside the covered area ({where}); an administrator will "
                           "route the report."},
    "summary_title": {"th": "ตรวจสอบก่อนส่งเรื่อง", "en": "Check before sending"},
    "summary_confirm": {"th": "ถูกต้องแล้ว กด \"ยืนยัน\" เพื่อส่งเรื่อง", "en": "If this is right, tap "
                        "\"Confirm\" to send the report."},
    "choose_category": {"th": "ปัญหานี้เป็นเรื่องใดครับ เลือกหมวดที่ใกล้เคียงที่สุด",
                        "en": "Which kind of problem is it? Choose the closest category."},
    "confirm": {"th": "ยืนยัน", "en": "Confirm"},
    "change_category": {"th": "เปลี่ยนหมวด", "en": "Change category"},
    "other": {"th": "อื่น ๆ", "en": "Other"},
    "cancel": {"th": "ยกเลิก", "en": "Cancel"},
    "send_location": {"th": "ส่งตำแหน่ง", "en": "Send location"},
    "camera": {"th": "ถ่ายรูป", "en": "Camera"},
    "camera_roll": {"th": "เลือกรูป", "en": "Photos"},
    "cancelled": {"th": "ยกเลิกเรื่องที่กำลังแจ้งแล้วครับ", "en": "The report you were writing is cancelled."},
    "nothing_to_cancel": {"th": "ตอนนี้ไม่มีเรื่องที่กำลังแจ้งครับ", "en": "There is no report in progress."},
    "draft_expired": {"th": "เรื่องที่แจ้งค้างไว้หมดเวลาแล้ว เริ่มเรื่องใหม่ให้ครับ",
                      "en": "Your unfinished report timed out; starting a new one."},
    "created": {"th": "รับเรื่องแล้วครับ เลขเรื่อง {ticket} เราจะแจ้งความคืบหน้าให้ทราบ",
                "en": "Report received. Your ticket is {ticket}; we will keep you posted."},
    "no_cases": {"th": "คุณยังไม่เคยแจ้งเรื่องครับ", "en": "You have not reported anything yet."},
    "more": {"th": "ดูเพิ่มเติม", "en": "More"},
    "case_not_found": {"th": "ไม่พบเรื่อง {ticket} ในเรื่องที่คุณแจ้ง", "en": "No case {ticket} among your "
                       "reports."},
    "status_changed": {"th": "เรื่อง {ticket} เปลี่ยนสถานะเป็น \"{state}\"",
                       "en": "Case {ticket} is now \"{state}\"."},
    "slow_down": {"th": "ส่งข้อความเร็วเกินไปครับ ขอพักสักครู่ ข้อความในอีก {seconds} วินาทีนี้จะยังไม่ถูกอ่าน",
                  "en": "You are sending messages too fast. Please slow down: messages in the next "
                        "{seconds} seconds will not be read."},
    "draft_full": {"th": "เรื่องนี้มีข้อมูลครบจำนวนแล้ว (ข้อความไม่เกิน {texts} ข้อความ รวม {chars} ตัวอักษร "
                         "และรูปไม่เกิน {photos} รูป) ส่วนที่ส่งมาล่าสุดไม่ได้ถูกเพิ่ม กรุณากดยืนยันหรือยกเลิก",
                   "en": "This report is full (at most {texts} texts, {chars} characters in all, and "
                         "{photos} photos); the last part was not added. Please confirm or cancel it."},
    "stale_button": {"th": "ขออภัย ปุ่มนี้ใช้ไม่ได้ กรุณาพิมพ์เล่าปัญหา หรือพิมพ์ \"ช่วยเหลือ\" เพื่อดูวิธีใช้",
                     "en": "Sorry, that button does not work. Describe the problem, or type "
                           "\"help\" to see how to use the bot."},
    "unsupported": {"th": "ขออภัย ยังรับได้เฉพาะข้อความ รูปภาพ และตำแหน่งครับ",
                    "en": "Sorry, only text, photos and locations are understood."},
    "failed": {"th": "ขออภัย ระบบขัดข้องชั่วคราว ข้อความล่าสุดของคุณยังไม่ได้ดำเนินการ กรุณาลองใหม่อีกครั้ง",
               "en": "Sorry, something went wrong and your last message was not handled. Please try again."},
    "category": {"th": "หมวด", "en": "Category"},
    "place": {"th": "สถานที่", "en": "Place"},
    "details": {"th": "รายละเอียด", "en": "Details"},
    "photos": {"th": "รูป", "en": "Photos"},
    "status": {"th": "สถานะ", "en": "Status"},
    "reported": {"th": "แจ้งเมื่อ", "en": "Reported"},
    "note": {"th": "หมายเหตุ", "en": "Note"},
    "unknown_category": {"th": "ยังไม่ระบุ", "en": "Not yet sorted"},
    "unknown_place": {"th": "ยังไม่ทราบเขต", "en": "District unknown"},
}


def t(key: str, lang: str, **values) -> str:
    """Say `key` in the user's language, Thai when unsure."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry["th"]
    return text.format(**values) if values else text


def detect_language(text: str) -> str | None:
    """'th' when the text has Thai letters, 'en' when it is Latin letters only, else None."""
    if any("\u0e00" <= ch <= "\u0e7f" for ch in text):
        return "th"
    if any(ch.isascii() and ch.isalpha() for ch in text):
        return "en"
    return None


from bot.texts_officers import OFFICER_TEXTS  # noqa: E402  (officer and follow-up sentences)

TEXTS.update(OFFICER_TEXTS)

from bot.texts_status import STATUS_TEXTS  # noqa: E402  (the status card and "my cases")

TEXTS.update(STATUS_TEXTS)
