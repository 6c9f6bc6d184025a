"""The dashboard's words for citizens' PDPA requests, Thai first."""
from __future__ import annotations

PRIVACY_WORDS = {
    "privacy_requests": ("คำขอตาม PDPA", "PDPA requests"),
    "privacy_requests_about": (
        "คำขอสำเนาและคำขอลบข้อมูลของประชาชนจากแชต LINE กฎหมายกำหนดให้ดำเนินการภายใน 30 วัน "
        "ผู้ขอแสดงเป็นนามแฝง ไม่มีเนื้อหาของข้อมูล",
        "Citizens' requests for a copy of their data or its erasure, made in the LINE chat. The law "
        "gives 30 days to answer. Who asked is shown as a pseudonym; nothing of the data is kept here."),
    "privacy_open": ("ค้างอยู่ {n} รายการ", "{n} open"),
    "privacy_overdue_n": ("เกินกำหนด {n} รายการ", "{n} overdue"),
    "privacy_kind": ("คำขอ", "Request"),
    "privacy_kind_copy": ("ขอสำเนาข้อมูล", "Copy of data"),
    "privacy_kind_erasure": ("ขอลบข้อมูล", "Erasure"),
    "privacy_requested": ("วันที่ขอ", "Requested"),
    "privacy_due": ("กำหนดเสร็จ (30 วัน)", "Due (30 days)"),
    "privacy_done": ("เสร็จเมื่อ", "Done"),
    "privacy_state_done": ("เสร็จแล้ว", "done"),
    "privacy_state_open": ("ดำเนินการอยู่", "open"),
    "privacy_state_overdue": ("เกินกำหนด", "overdue"),
}
