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
    "sign_out_everywhere": ("ออกจากทุกเครื่อง", "Sign out everywhere"),
    "email": ("อีเมล", "Email"), "password": ("รหัสผ่าน", "Password"),
    "bad_credentials": ("อีเมลหรือรหัสผ่านไม่ถูกต้อง", "Wrong email or password."),
    "slowed": ("เข้าสู่ระบบไม่สำเร็จหลายครั้งจากเครือข่ายนี้ ลองใหม่ในอีก {minutes} นาที",
               "Too many failed sign-ins from this network. Try again in {minutes} minutes."),
    "forbidden": ("คุณไม่มีสิทธิ์ใช้หน้านี้", "You are not allowed to use this page."),
    "not_found_title": ("ไม่พบหน้านี้", "Not found"),
    "back_to_cases": ("← กลับไปที่รายการเรื่อง", "← Back to the cases"),
    "page_not_found": ("ไม่พบหน้าหรือเรื่องที่ขอ ตรวจเลขเรื่องหรือที่อยู่หน้าอีกครั้ง",
                  "There is no such page or case: check the ticket or the address."),
    "state": ("สถานะ", "State"), "category": ("ประเภท", "Category"), "district": ("เขต", "District"),
    "since": ("ตั้งแต่", "From"), "until": ("ถึง", "To"), "stuck": ("ค้างเกิน 7 วัน", "Stuck > 7 days"),
    "reopened": ("ถูกเปิดใหม่", "Reopened"), "stars": ("คะแนน", "Stars"), "source": ("ช่องทาง", "Source"),
    "search": ("ค้นหาข้อความ", "Search text"), "ticket": ("เลขเรื่อง", "Ticket"),
    "filter": ("กรอง", "Filter"), "any": ("ทั้งหมด", "Any"), "sort": ("เรียงตาม", "Sort by"),
    "created": ("วันที่แจ้ง", "Created"), "updated": ("อัปเดตล่าสุด", "Updated"),
    "newest": ("ใหม่สุดก่อน", "Newest first"), "oldest": ("เก่าสุดก่อน", "Oldest first"),
    "order": ("ลำดับ", "Order"),
    "results": ("{n} เรื่อง", "{n} cases"), "page": ("หน้า {page} จาก {pages}", "Page {page} of {pages}"),
    "page_open": ("หน้า {page}", "Page {page}"),
    "previous": ("ก่อนหน้า", "Previous"), "next": ("ถัดไป", "Next"),
    "no_cases": ("ไม่พบเรื่องตามเงื่อนไข", "No case matches."),
    "not_found": ("ไม่พบเรื่อง {ticket}", "No case {ticket}."),
    "description": ("รายละเอียด", "Description"), "address": ("ที่อยู่/สถานที่", "Address / place"),
    "place_words": ("สถานที่ตามคำผู้แจ้ง", "Place, in the reporter's words"),
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
    "no_actions_state": ("ไม่มีการดำเนินการที่ทำได้กับเรื่องในสถานะนี้",
                         "No action can be taken on a case in this state."),
    "no_actions_agency": ("เรื่องนี้ไม่อยู่ในความรับผิดชอบของหน่วยงานของคุณ ดูได้อย่างเดียว",
                          "Your agencies do not hold this case: you may read it only."),
    "act_accept": ("รับเรื่อง", "Accept"), "act_update": ("แจ้งความคืบหน้า", "Post an update"),
    "act_forward": ("ส่งต่อ", "Forward"), "act_finish": ("ปิดงาน (เสร็จสิ้น)", "Finish"),
    "act_reject": ("ไม่เกี่ยวข้อง", "Reject as not relevant"),
    "act_duplicate": ("เรื่องซ้ำ", "Mark duplicate"), "act_reopen": ("เปิดเรื่องใหม่", "Reopen"),
    "act_recategorize": ("เปลี่ยนประเภท", "Change category"),
    "act_reroute": ("เปลี่ยนหน่วยงานรับผิดชอบ", "Re-route"),
    "action_done": ("ดำเนินการแล้ว: {action}", "Done: {action}."),
    "action_refused": ("ทำไม่ได้: {reason}", "Not allowed: {reason}."),
    "action_missing": ("กรุณากรอก{field}", "Please fill in: {field}."),
    "action_photo": ("ต้องมีรูปหลังแก้ไขที่ใช้ได้: {reason}", "A usable after-photo is needed: {reason}"),
    "field_name_note": ("ข้อความถึงผู้แจ้ง", "the note"), "field_name_reason": ("เหตุผล", "the reason"),
    "field_name_agency": ("หน่วยงาน", "the agency"), "field_name_of": ("เลขเรื่องต้นฉบับ", "the original ticket"),
    "field_name_category": ("ประเภท", "the category"), "field_name_photo": ("รูปหลังแก้ไข", "the after-photo"),
    "note_optional": ("ข้อความถึงผู้แจ้ง (ไม่บังคับ)", "Note to the reporter (optional)"),
    "note_for_citizen": ("ข้อความถึงผู้แจ้ง", "Note to the reporter"),
    "choose_agency": ("เลือกหน่วยงาน", "Choose an agency"),
    "by_routing_rules": ("ตามกฎการส่งเรื่อง", "By the routing rules"),
    "photo_after": ("รูปหลังแก้ไข", "Photo of the fix"),
    "original_ticket": ("เลขเรื่องต้นฉบับ", "Original ticket"),
    "agency": ("หน่วยงาน", "Agency"), "agencies_involved": ("หน่วยงานที่เกี่ยวข้อง", "Agencies involved"),
    "part_responsible": ("รับผิดชอบ", "routed"), "part_forwarded": ("รับต่อ", "forwarded to"),
    "part_invited": ("ร่วมดำเนินการ", "invited"), "part_rerouted": ("เปลี่ยนหน่วยงาน", "re-routed to"),
    "by_agency": ("จำนวนตามหน่วยงาน", "Cases by agency"),
    "webhooks": ("เว็บฮุกขาออก", "Outgoing webhooks"),
    "subscriber_url": ("URL ผู้รับ", "Subscriber URL"),
    "secret_optional": ("รหัสลับ (เว้นว่างให้ระบบสร้าง)", "Secret (leave empty to generate one)"),
    "add_subscriber": ("เพิ่มผู้รับ", "Add subscriber"),
    "secret_once": ("รหัสลับสำหรับลงลายเซ็น (แสดงครั้งเดียว เก็บไว้ให้ดี)",
                    "Signing secret (shown once, keep it safe)"),
    "pause": ("หยุดชั่วคราว", "Pause"), "resume": ("กลับมาส่ง", "Resume"),
    "remove": ("ลบ", "Remove"), "recent_deliveries": ("การส่งล่าสุด", "Recent deliveries"),
    "event": ("เหตุการณ์", "Event"), "response": ("คำตอบ", "Response"),
    "subscriber": ("ผู้รับ", "Subscriber"),
    "bad_url": ("URL ต้องขึ้นต้นด้วย http:// หรือ https://", "The URL must start with http:// or https://."),
    "bad_secret": ("รหัสลับต้องยาว 16-128 ตัวอักษร", "The secret must be 16 to 128 characters."),
    "private_url": ("URL นี้ชี้ไปยังที่อยู่ภายใน (private, loopback หรือสงวนไว้) จึงส่งไม่ได้ "
                    "หากเป็นเครื่องในเครือข่ายของเมือง ให้ผู้ดูแลระบบเพิ่มชื่อไว้ใน "
                    "WEBHOOK_ALLOWED_PRIVATE_HOSTS",
                    "This URL leads to a private, loopback or reserved address, where webhooks "
                    "are not sent. For a host of the city's own network, an operator can allow "
                    "it by name in WEBHOOK_ALLOWED_PRIVATE_HOSTS."),
    "removed": ("ลบแล้ว", "Removed."), "paused": ("หยุดชั่วคราวแล้ว", "Paused."),
    "resumed": ("กลับมาส่งแล้ว", "Resumed."),
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
    "field_location": ("ตำแหน่งบนแผนที่ไม่ถูกต้อง กรุณาคลิกบนแผนที่อีกครั้ง",
                       "The position on the map is not valid: click the map again."),
    "field_photo": ("รูปใช้ไม่ได้: {reason}", "A photo cannot be used: {reason}"),
    "media_unavailable": ("ที่เก็บรูปไม่ตอบสนองชั่วคราว กรุณาส่งอีกครั้งในอีกสักครู่",
                          "Photo storage is not answering just now; please submit again shortly."),
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


def coded(prefix: str, code: str | None, lang: str) -> str:
    """The word for a stored code (an event action, a log state), or the code itself when the
    dashboard has no word for it yet."""
    key = f"{prefix}_{code}"
    return word(key, lang) if key in WORDS else (code or "")


def collated(items, lang: str, name=lambda item: item) -> list:
    """Items in the order readers of the language look for them: Thai dictionary order (tone
    marks aside, a leading vowel after its consonant: คลองเตย before คลองสาน), else A to Z."""
    items = list(items)
    if lang == "en":
        return sorted(items, key=lambda item: name(item).casefold())
    from pythainlp.util import collate

    rank = {text: i for i, text in enumerate(collate({name(item) for item in items}))}
    return sorted(items, key=lambda item: rank[name(item)])


def word(key: str, lang: str, **values) -> str:
    """A dashboard word in the language, with {placeholders} filled in."""
    pair = WORDS.get(key)
    text = key if pair is None else pair[1 if lang == "en" else 0]
    return text.format(**values) if values else text


from bot.web.admin.case_words import CASE_WORDS  # noqa: E402  (timeline, actions, intake)
from bot.web.admin.insight_words import INSIGHT_WORDS  # noqa: E402  (service levels, hotspots, digest)
from bot.web.admin.log_words import LOG_WORDS  # noqa: E402  (audit, inbox, outbox)

WORDS.update(INSIGHT_WORDS)
WORDS.update(CASE_WORDS)
WORDS.update(LOG_WORDS)
from bot.web.admin.privacy_words import PRIVACY_WORDS  # noqa: E402  (citizens' PDPA requests)

WORDS.update(PRIVACY_WORDS)
