"""The dashboard's words in Thai (first) and English."""
from __future__ import annotations

LANGUAGES = ("th", "en")

WORDS = {
    "app": ("แจ้ง · ศูนย์ควบคุม", "Chaeng · Dashboard"),
    "cases": ("เรื่องร้องเรียน", "Cases"), "map": ("แผนที่", "Map"), "stats": ("สถิติ", "Statistics"),
    "intake": ("รับแจ้งทางโทรศัพท์", "Call centre"), "logs": ("บันทึก", "Logs"),
    "inbox": ("เหตุการณ์ขาเข้า", "Webhook inbox"), "outbox": ("ข้อความขาออก", "Outbox"),
    "audit": ("บันทึกการตรวจสอบ", "Audit log"),
    "sign_in": ("เข้าสู่ระบบ", "Sign in"), "sign_out": ("ออกจากระบบ", "Sign out"),
    "email": ("อีเมล", "Email"), "password": ("รหัสผ่าน", "Password"),
    "bad_credentials": ("อีเมลหรือรหัสผ่านไม่ถูกต้อง", "Wrong email or password."),
    "locked": ("บัญชีถูกล็อกชั่วคราวเนื่องจากใส่รหัสผิดหลายครั้ง ลองใหม่ภายหลัง",
               "The account is locked for a while after repeated failures. Try again later."),
    "forbidden": ("คุณไม่มีสิทธิ์ใช้หน้านี้", "You are not allowed to use this page."),
    "state": ("สถานะ", "State"), "category": ("ประเภท", "Category"), "district": ("เขต", "District"),
    "since": ("ตั้งแต่", "From"), "until": ("ถึง", "To"), "stuck": ("ค้างเกิน 7 วัน", "Stuck > 7 days"),
    "reopened": ("ถูกเปิดใหม่", "Reopened"), "stars": ("คะแนน", "Stars"), "source": ("ช่องทาง", "Source"),
    "search": ("ค้นหาข้อความ", "Search text"), "ticket": ("เลขเรื่อง", "Ticket"),
    "filter": ("กรอง", "Filter"), "any": ("ทั้งหมด", "Any"), "sort": ("เรียงตาม", "Sort by"),
    "created": ("วันที่แจ้ง", "Created"), "updated": ("อัปเดตล่าสุด", "Updated"),
    "newest": ("ใหม่สุดก่อน", "Newest first"), "oldest": ("เก่าสุดก่อน", "Oldest first"),
    "results": ("{n} เรื่อง", "{n} cases"), "page": ("หน้า {page} จาก {pages}", "Page {page} of {pages}"),
    "page_open": ("หน้า {page}", "Page {page}"),
    "previous": ("ก่อนหน้า", "Previous"), "next": ("ถัดไป", "Next"),
    "no_cases": ("ไม่พบเรื่องตามเงื่อนไข", "No case matches."),
    "not_found": ("ไม่พบเรื่อง {ticket}", "No case {ticket}."),
    "description": ("รายละเอียด", "Description"), "address": ("ที่อยู่/สถานที่", "Address / place"),
    "reporter": ("ผู้แจ้ง (นามแฝง)", "Reporter (pseudonym)"), "timeline": ("ลำดับเหตุการณ์", "Timeline"),
    "photos_before": ("รูปก่อนแก้ไข", "Photos before"), "photos_after": ("รูปหลังแก้ไข", "Photos after"),
    "position": ("ตำแหน่ง", "Position"), "no_position": ("ไม่มีพิกัด", "No coordinates"),
    "caller_phone": ("เบอร์โทรผู้แจ้ง (เป็นความลับ)", "Caller's phone (private)"),
    "moderation": ("การดูแลเนื้อหา", "Moderation"), "hide": ("ซ่อนจากสาธารณะ", "Hide from public"),
    "unhide": ("เลิกซ่อน", "Unhide"), "hidden": ("ซ่อนอยู่", "Hidden"),
    "redact": ("ปกปิดข้อความ", "Redact text"), "reason": ("เหตุผล", "Reason"),
    "redactions": ("ข้อความเดิมที่ถูกปกปิด", "Redacted originals"),
    "block": ("ระงับผู้ใช้ LINE นี้", "Block this LINE user"),
    "unblock": ("ยกเลิกการระงับ", "Unblock"), "blocked": ("ถูกระงับ", "Blocked"),
    "actions": ("การดำเนินการ", "Actions"),
    "actions_pending": ("การรับเรื่อง ส่งต่อ และปิดเรื่อง จะทำได้จากหน้านี้เมื่อระบบเจ้าหน้าที่พร้อมใช้",
                        "Accept, forward and finish appear here once officer routing is installed."),
    "done": ("บันทึกแล้ว", "Saved."), "save": ("บันทึก", "Save"),
    "phone": ("เบอร์โทรผู้แจ้ง", "Caller's phone"),
    "photos": ("รูปถ่าย", "Photos"), "suggested": ("ประเภทที่ระบบแนะนำ", "Suggested category"),
    "auto": ("ให้ระบบเลือก", "Let the system choose"),
    "map_hint": ("คลิกบนแผนที่เพื่อปักตำแหน่ง (ไม่บังคับ)", "Click the map to set the position (optional)."),
    "submit_report": ("บันทึกเรื่อง", "Create case"),
    "ticket_created": ("สร้างเรื่องแล้ว แจ้งเลขเรื่องนี้ให้ผู้โทร", "Case created. Read this ticket to the caller:"),
    "another": ("รับแจ้งเรื่องถัดไป", "Enter another report"),
    "field_description": ("กรุณากรอกรายละเอียด", "Please enter a description."),
    "field_phone": ("เบอร์โทรไม่ถูกต้อง", "The phone number is not valid."),
    "field_photo": ("รูปใช้ไม่ได้: {reason}", "A photo cannot be used: {reason}"),
    "open_cases": ("เรื่องที่ยังไม่ปิด", "Open cases"), "map_offline": (
        "ไม่มีแผนที่พื้นหลัง (ออฟไลน์) ตำแหน่งยังแสดงตามพิกัด", "No background map (offline); positions are still shown."),
    "download_csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "by_category": ("จำนวนตามประเภท", "Cases by category"),
    "by_district": ("จำนวนตามเขต", "Cases by district"),
    "by_month": ("สถานะตามเดือนที่แจ้ง", "State by month created"),
    "by_stars": ("คะแนนความพึงพอใจ", "Stars given"),
    "summary": ("ภาพรวม", "Summary"), "total": ("ทั้งหมด", "Total"),
    "finished_share": ("สัดส่วนที่เสร็จสิ้น", "Share finished"),
    "reopen_rate": ("อัตราการเปิดใหม่", "Reopen rate"),
    "median_finish": ("มัธยฐานเวลาถึงเสร็จสิ้น (ชม.)", "Median hours to finish"),
    "p90_finish": ("เปอร์เซ็นไทล์ 90 เวลาถึงเสร็จสิ้น (ชม.)", "90th percentile hours to finish"),
    "mean_stars": ("คะแนนเฉลี่ย", "Mean stars"),
    "type": ("ชนิด", "Type"), "time": ("เวลา", "Time"), "status": ("สถานะ", "Status"),
    "attempts": ("จำนวนครั้ง", "Attempts"), "error": ("ข้อผิดพลาด", "Error"),
    "user": ("ผู้ใช้ (นามแฝง)", "User (pseudonym)"), "purpose": ("วัตถุประสงค์", "Purpose"),
    "message": ("ข้อความ", "Message"), "retry": ("ส่งใหม่", "Retry"),
    "requeued": ("นำกลับเข้าคิวส่งแล้ว", "Put back in the queue."),
    "actor": ("ผู้กระทำ", "Actor"), "action": ("การกระทำ", "Action"), "outcome": ("ผล", "Outcome"),
    "none": ("ไม่มีรายการ", "Nothing here."), "older": ("เก่ากว่า", "Older"),
    "line": ("LINE", "LINE"), "call_centre": ("โทรศัพท์ 1555", "Call centre"),
    "open311": ("Open311", "Open311"), "import": ("นำเข้า", "Import"),
}


def word(key: str, lang: str, **values) -> str:
    """A dashboard word in the language, with {placeholders} filled in."""
    pair = WORDS.get(key)
    text = key if pair is None else pair[1 if lang == "en" else 0]
    return text.format(**values) if values else text


from bot.web.admin.insight_words import INSIGHT_WORDS  # noqa: E402  (service levels, hotspots, digest)

WORDS.update(INSIGHT_WORDS)
