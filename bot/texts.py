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
              "\"ยกเลิก\" ยกเลิกเรื่องที่กำลังแจ้ง · \"ข้อมูลของฉัน\" ข้อมูลที่เราเก็บ ขอสำเนาหรือขอลบ",
        "en": "To report: 1) describe the problem 2) send a photo 3) send the location, then confirm.\n"
              "Commands: \"my cases\" lists your reports · send a ticket id such as 2026-7KQ2ZD for its "
              "status · \"cancel\" drops the report you are writing · \"my data\" shows what we keep, "
              "for a copy or erasure",
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
    "photo_too_big": {"th": "รูปนี้ใหญ่เกิน {mb} MB จึงใช้ไม่ได้ กรุณาส่งรูปที่เล็กกว่านี้",
                      "en": "This photo is larger than {mb} MB, so it can't be used. Please send a smaller one."},
    "photo_wrong_type": {"th": "รับได้เฉพาะรูป JPEG หรือ PNG กรุณาส่งรูปแบบนี้อีกครั้ง",
                         "en": "Only JPEG and PNG photos can be used. Please send the photo in one of these."},
    "photo_too_many_pixels": {"th": "รูปนี้มีความละเอียดสูงเกินไป กรุณาส่งรูปที่เล็กกว่านี้",
                              "en": "This photo has too many pixels. Please send a smaller one."},
    "photo_unreadable": {"th": "เปิดรูปนี้ไม่ได้ กรุณาส่งรูป JPEG หรือ PNG ใหม่อีกครั้ง",
                         "en": "This photo could not be opened. Please send a JPEG or PNG photo again."},
    "photo_external": {"th": "รูปที่แชร์จากแหล่งอื่นใช้ไม่ได้ กรุณาส่งรูปจากกล้องหรืออัลบั้มของคุณ",
                       "en": "Photos shared from elsewhere can't be used. Please send one from your camera "
                             "or photos."},
    "photo_limit": {"th": "เรื่องหนึ่งมีรูปได้ไม่เกิน {photos} รูป รูปนี้จึงไม่ได้ถูกเพิ่ม กรุณากดยืนยันหรือยกเลิก",
                    "en": "A report can hold at most {photos} photos, so this one was not added. Please "
                          "confirm or cancel it."},
    "text_cut": {"th": "ข้อความยาวเกินไป เก็บไว้ {kept} ตัวอักษรแรก (เรื่องหนึ่งมีได้ไม่เกิน {chars} ตัวอักษร)",
                 "en": "That was long: the first {kept} characters were kept (a report holds at most "
                       "{chars} characters)."},
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
    "unsupported": {"th": "ขออภัย ยังอ่านวิดีโอ ข้อความเสียง และไฟล์ไม่ได้ครับ กรุณาพิมพ์เล่าปัญหา ส่งรูป และส่งตำแหน่ง",
                    "en": "Sorry, videos, voice messages and files can't be read yet. Please describe the "
                          "problem in words, and send photos and the location."},
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
    "reply_greeting": {"th": "สวัสดีครับ 😊 มีปัญหาอะไรในเมืองให้ช่วยแจ้งไหมครับ พิมพ์เล่ามาได้เลย",
                       "en": "Hello 😊 Is there a city problem you'd like to report? Just describe it."},
    "reply_thanks": {"th": "ยินดีครับ 🙏 หากมีปัญหาอื่นแจ้งได้ตลอดเวลา",
                     "en": "You're welcome 🙏 Report anything else whenever you like."},
    "reply_ack": {"th": "รับทราบครับ 👍", "en": "Noted 👍"},
    "reply_sticker": {"th": "ขอบคุณสำหรับสติกเกอร์ครับ 😄 หากมีปัญหาในเมือง พิมพ์เล่าหรือส่งรูปมาได้เลย",
                      "en": "Thanks for the sticker 😄 If something in the city needs fixing, describe it or "
                            "send a photo."},
    "reply_emoji": {"th": "😊 หากมีปัญหาในเมือง พิมพ์เล่าหรือส่งรูปมาได้เลยครับ",
                    "en": "😊 If something in the city needs fixing, describe it or send a photo."},
    "reply_chatter": {"th": "ยังไม่เข้าใจครับ ลองพิมพ์เล่าปัญหาที่พบ เช่น \"ไฟถนนดับหน้าซอย 5\"",
                      "en": "I didn't quite get that. Try describing the problem, for example \"street "
                            "light out at soi 5\"."},
    "still_drafting": {"th": "เรื่องที่กำลังแจ้งยังอยู่ครับ", "en": "Your report is still open."},
    "chip_report": {"th": "แจ้งปัญหา", "en": "Report a problem"},
    "chip_my_cases": {"th": "เรื่องของฉัน", "en": "My cases"},
    "chip_help": {"th": "วิธีใช้", "en": "Help"},
    "ask_same_or_new": {"th": "ข้อความนี้ดูเหมือนเป็นอีกปัญหาหนึ่ง ไม่ใช่เรื่องที่กำลังแจ้งอยู่ "
                              "เป็นส่วนหนึ่งของเรื่องนี้ หรือเป็นเรื่องใหม่ครับ",
                        "en": "This sounds like a different problem from the report you are writing. Is it "
                              "part of this report, or a new one?"},
    "chip_same_report": {"th": "เรื่องเดิม", "en": "Same report"},
    "chip_new_report": {"th": "เรื่องใหม่", "en": "New report"},
    "still_deciding": {"th": "ก่อนอื่น ช่วยเลือกก่อนครับ: ข้อความล่าสุดเป็นส่วนหนึ่งของเรื่องนี้ หรือเป็นเรื่องใหม่",
                       "en": "First, please choose: is your last message part of this report, or a new one?"},
    "added_to_report": {"th": "เพิ่มในเรื่องนี้แล้วครับ", "en": "Added to this report."},
    "kept_for_next": {"th": "เก็บ \"{text}\" ไว้เป็นเรื่องใหม่แล้วครับ ขอจบเรื่องนี้ก่อน (ยืนยันหรือยกเลิก) "
                            "แล้วจะเริ่มเรื่องใหม่ให้ทันที",
                      "en": "\"{text}\" is kept for a new report. Let's finish this one first (confirm or "
                            "cancel it); the new one starts right after."},
    "next_report": {"th": "ต่อไปเป็นเรื่องใหม่: \"{text}\"", "en": "Now the new report: \"{text}\""},
    "new_after_this": {"th": "ได้ครับ ขอจบเรื่องนี้ก่อน (ยืนยันหรือยกเลิก) แล้วค่อยเล่าเรื่องใหม่ได้เลย",
                       "en": "Sure: let's finish this one first (confirm or cancel it), then tell me the "
                             "new one."},
    "already_sent": {"th": "เรื่องนี้ส่งไปแล้ว เลขเรื่อง {ticket} ไม่ต้องกดอีกครับ",
                     "en": "This report was already sent as {ticket}; there is no need to tap again."},
    "already_cancelled": {"th": "เรื่องนี้ถูกยกเลิกไปแล้ว ปุ่มนี้จึงใช้ไม่ได้ หากต้องการแจ้ง พิมพ์เล่าปัญหาใหม่ได้เลย",
                          "en": "This draft was cancelled, so this button does nothing now. To report, "
                                "describe the problem again."},
    "old_draft": {"th": "ปุ่มนี้เป็นของเรื่องก่อนหน้าที่ปิดไปแล้ว ใช้ปุ่มในข้อความล่าสุดแทนนะครับ",
                  "en": "This button belongs to an earlier report that is closed; please use the buttons "
                        "on the latest message."},
    "nothing_to_confirm": {"th": "ตอนนี้ไม่มีเรื่องรอยืนยันครับ หากต้องการแจ้ง พิมพ์เล่าปัญหาได้เลย",
                           "en": "There is no report waiting to be confirmed. To report, describe the problem."},
    "question_answered": {"th": "คำถามนี้ตอบไปแล้วครับ", "en": "That question was already answered."},
    "all_categories": {"th": "หมวดทั้งหมด", "en": "All categories"},
    "all_categories_title": {"th": "เลือกหมวดของปัญหา", "en": "Choose the kind of problem"},
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

from bot.texts_insight import INSIGHT_TEXTS  # noqa: E402  (usual times, service levels, digest)

TEXTS.update(INSIGHT_TEXTS)
from bot.texts_status import STATUS_TEXTS  # noqa: E402  (the status card and "my cases")

TEXTS.update(STATUS_TEXTS)
from bot.texts_params import PARAM_TEXTS  # noqa: E402  (query parameters a page cannot use)

TEXTS.update(PARAM_TEXTS)
from bot.texts_nearby import NEARBY_TEXTS  # noqa: E402  (the nearby offer, cancelling a report)

TEXTS.update(NEARBY_TEXTS)
from bot.texts_privacy import PRIVACY_TEXTS  # noqa: E402  ("my data": a copy, erasure)

TEXTS.update(PRIVACY_TEXTS)
