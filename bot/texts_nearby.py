"""Sentences of the nearby-case offer and of cancelling a report, in Thai and English (merged
into TEXTS)."""

NEARBY_TEXTS = {
    "distance": {"th": "ระยะ", "en": "Distance"},
    "metres_away": {"th": "ห่างไปราว {metres} เมตร", "en": "about {metres} m away"},
    "follow_ticket": {"th": "ติดตาม {ticket}", "en": "Follow {ticket}"},
    "not_the_same": {"th": "ไม่ใช่ แจ้งต่อ", "en": "Not it, go on"},
    "followed_instead": {"th": "ติดตามเรื่อง {ticket} แล้ว จะแจ้งความคืบหน้าให้ทราบ "
                               "เรื่องที่คุณกำลังเขียนไม่ได้ส่ง เพราะเป็นปัญหาเดียวกัน",
                         "en": "You now follow {ticket} and will get its updates. The report you were "
                               "writing was not sent, as it is the same problem."},
    "already_followed": {"th": "เรื่องนั้นไม่ได้ส่ง คุณเลือกติดตามเรื่อง {ticket} แทน "
                               "หากต้องการแจ้ง พิมพ์เล่าปัญหาใหม่ได้เลย",
                         "en": "That report was not sent: you followed {ticket} instead. To report, "
                               "describe the problem again."},
    "ask_cancel": {"th": "ยกเลิกเรื่องที่กำลังแจ้งไหมครับ {holds} จะถูกลบทั้งหมด "
                         "(พิมพ์ ยกเลิก อีกครั้งก็ได้)",
                   "en": "Cancel the report you are writing? {holds} will all be deleted "
                         "(or send cancel again)."},
    "holds_texts": {"th": "ข้อความ {n} ข้อความ", "en": "{n} message(s)"},
    "holds_photos": {"th": "รูป {n} รูป", "en": "{n} photo(s)"},
    "holds_place": {"th": "ตำแหน่ง", "en": "the location"},
    "and": {"th": " และ ", "en": " and "},
    "yes_cancel": {"th": "ใช่ ยกเลิก", "en": "Yes, cancel it"},
    "keep_writing": {"th": "ไม่ เขียนต่อ", "en": "No, keep it"},
    "draft_kept": {"th": "เก็บเรื่องที่กำลังแจ้งไว้แล้ว", "en": "Your report is kept."},
}
