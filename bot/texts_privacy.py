"""The sentences of "my data": what is kept, a copy, erasure (Thai and English)."""
from __future__ import annotations

PRIVACY_TEXTS = {
    "my_data": {
        "th": "ข้อมูลของคุณที่แจ้ง (Chaeng) เก็บไว้:\n"
              "• รหัสผู้ใช้ LINE และภาษาที่เราใช้ตอบ ({language})\n"
              "• เริ่มใช้แจ้งเมื่อ {since}\n"
              "• เรื่องที่คุณแจ้ง {cases} เรื่อง พร้อมลำดับเหตุการณ์และรูป\n"
              "• เรื่องที่ติดตาม {follows} เรื่อง · คะแนนที่ให้ {ratings} ครั้ง\n"
              "{draft}"
              "• ข้อความที่คุณส่งมา (ตอนนี้ {messages} ข้อความ) และที่เราส่งถึงคุณ เก็บไว้ {days} วัน "
              "หลังจากนั้นเก็บเพียงเวลาที่ส่ง\n\n"
              "รหัส LINE ของคุณไม่เปิดเผยต่อสาธารณะ เจ้าหน้าที่เห็นเป็นนามแฝงเท่านั้น "
              "คุณขอสำเนาข้อมูลทั้งหมด หรือขอให้ลบได้ (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล มาตรา 30 และ 33) "
              "เมื่อลบแล้ว เรื่องที่เคยแจ้งยังอยู่ในบันทึกสาธารณะโดยไม่เชื่อมโยงถึงคุณ",
        "en": "What Chaeng keeps about you:\n"
              "• your LINE user id and the language we answer in ({language})\n"
              "• since when you use Chaeng: {since}\n"
              "• {cases} case(s) you reported, with their history and photos\n"
              "• {follows} case(s) you follow · {ratings} rating(s) you gave\n"
              "{draft}"
              "• your messages to us ({messages} now) and ours to you, for {days} days; after that "
              "only when they were sent\n\n"
              "Your LINE id is never published; staff see a pseudonym. You may have a copy of all "
              "of it, or have it deleted (PDPA sections 30 and 33). Once deleted, your cases stay "
              "on the public record with no link to you.",
    },
    "my_data_draft": {"th": "• เรื่องที่กำลังแจ้งค้างไว้ 1 เรื่อง\n",
                      "en": "• a report you are still writing\n"},
    "language_name": {"th": "ไทย", "en": "English"},
    "chip_my_data": {"th": "ข้อมูลของฉัน", "en": "My data"},
    "chip_copy": {"th": "ขอสำเนาข้อมูล", "en": "Get a copy"},
    "chip_erase": {"th": "ลบข้อมูลของฉัน", "en": "Delete my data"},
    "copy_ready": {
        "th": "สำเนาข้อมูลทั้งหมดที่เราเก็บเกี่ยวกับคุณ (ไฟล์ JSON) ดาวน์โหลดได้ที่ลิงก์นี้ "
              "ถึง {until} (24 ชั่วโมง) ลิงก์นี้เปิดข้อมูลของคุณได้ อย่าส่งต่อให้ผู้อื่น\n{url}",
        "en": "Your copy of everything we keep about you (a JSON file) is at this link until {until} "
              "(24 hours). It opens your data: do not pass it on.\n{url}",
    },
    "copy_unavailable": {
        "th": "ขออภัย ตอนนี้ยังสร้างลิงก์สำเนาไม่ได้ (บริการยังไม่มีที่อยู่สาธารณะ) กรุณาติดต่อสายด่วน 1555",
        "en": "Sorry, a copy link cannot be made just now (the service has no public address "
              "yet). Please call the 1555 hotline.",
    },
    "erase_title": {"th": "ลบข้อมูลทั้งหมดของคุณ?", "en": "Delete all your data?"},
    "erase_confirm": {
        "th": "จะลบรหัส LINE ภาษา เรื่องที่กำลังแจ้ง การติดตาม และข้อความทั้งหมดของคุณ และย้อนกลับไม่ได้ "
              "เรื่องที่เคยแจ้งยังอยู่ในบันทึกสาธารณะโดยไม่เชื่อมโยงถึงคุณ และคุณจะไม่ได้รับความคืบหน้าอีก\n"
              "กด \"ลบเลย\" หรือพิมพ์ \"ใช่\" เพื่อยืนยัน",
        "en": "This deletes your LINE id, language, unfinished report, follows and every message, "
              "and cannot be undone. Your cases stay on the public record with no link to you, and "
              "you will hear no more about them.\nTap \"Delete\" or type \"yes\" to confirm.",
    },
    "btn_erase_yes": {"th": "ลบเลย", "en": "Delete"},
    "btn_erase_keep": {"th": "ไม่ลบ", "en": "Keep my data"},
    "erased": {
        "th": "ลบข้อมูลของคุณแล้ว เรื่องที่เคยแจ้งยังอยู่ในบันทึกสาธารณะโดยไม่เชื่อมโยงถึงคุณ "
              "หากส่งข้อความมาอีก เราจะเริ่มต้นใหม่เหมือนผู้ใช้ใหม่",
        "en": "Your data is deleted. Your cases stay on the public record with no link to you. If "
              "you write again, we start afresh, as with a new user.",
    },
    "data_kept": {"th": "ไม่ได้ลบข้อมูลใด ๆ ครับ", "en": "Nothing was deleted."},
    "erase_not_asked": {
        "th": "คำถามนี้ปิดไปแล้ว ไม่ได้ลบข้อมูลใด ๆ หากต้องการลบ พิมพ์ \"ข้อมูลของฉัน\" อีกครั้ง",
        "en": "That question is closed and nothing was deleted. To delete your data, type \"my "
              "data\" again.",
    },
    "erase_officer": {
        "th": "บัญชี LINE นี้ผูกกับบัญชีเจ้าหน้าที่ จึงลบทางแชตไม่ได้ กรุณาให้ผู้ดูแลระบบยกเลิกการผูกบัญชีก่อน",
        "en": "This LINE account is linked to an officer account, so it cannot be erased from the "
              "chat. Please ask an administrator to unlink it first.",
    },
}
