"""Sentences about insight: the usual time to fix, service levels and the weekly digest (merged into TEXTS)."""

INSIGHT_TEXTS = {
    "usual_time": {
        "th": "เรื่องประเภทนี้ที่หน่วยงานนี้ปกติใช้เวลาแก้ไขประมาณ {median} (ส่วนใหญ่ {low} ถึง {high}) "
              "จาก {n} เรื่องที่เสร็จใน 90 วันที่ผ่านมา",
        "en": "Cases like this one at this office usually take about {median} to fix (most between "
              "{low} and {high}), from {n} cases finished in the last 90 days.",
    },
    "unit_hours": {"th": "{n} ชั่วโมง", "en": "{n} hours"},
    "unit_hour": {"th": "{n} ชั่วโมง", "en": "{n} hour"},
    "unit_days": {"th": "{n} วัน", "en": "{n} days"},
    "unit_day": {"th": "{n} วัน", "en": "{n} day"},
    "stats_title": {"th": "ระดับการให้บริการ", "en": "Service levels"},
    "stats_period": {"th": "{since} ถึง {until}", "en": "{since} to {until}"},
    "stats_received": {"th": "รับเรื่อง", "en": "Received"},
    "stats_accept": {"th": "รับงาน (มัธยฐาน / 90%)", "en": "To accept (median / 90%)"},
    "stats_finish": {"th": "แก้เสร็จ (มัธยฐาน / 90%)", "en": "To finish (median / 90%)"},
    "stats_within": {"th": "เสร็จใน 2 / 7 วัน", "en": "Finished in 2 / 7 days"},
    "stats_reopen": {"th": "ถูกเปิดใหม่", "en": "Reopened"},
    "stats_stars": {"th": "คะแนนเฉลี่ย", "en": "Average stars"},
    "stats_stuck": {"th": "ค้างเกิน 7 วัน", "en": "Open over 7 days"},
    "stats_categories": {"th": "ตามประเภท", "en": "By category"},
    "stats_months": {"th": "รายเดือน (รับ / เสร็จ)", "en": "By month (received / finished)"},
    "stats_none": {"th": "หน่วยงาน {agency} ยังไม่มีเรื่องในช่วงนี้",
                   "en": "{agency} has no cases in this period yet."},
    "digest_title": {"th": "สรุปประจำสัปดาห์ เขต{district}", "en": "Weekly digest: {district}"},
    "digest_new": {"th": "เรื่องใหม่", "en": "New"},
    "digest_finished": {"th": "แก้เสร็จ", "en": "Finished"},
    "digest_overdue": {"th": "ค้างเกิน 7 วัน", "en": "Overdue (over 7 days)"},
    "digest_stars": {"th": "คะแนนเฉลี่ย", "en": "Average stars"},
    "digest_hotspots": {"th": "จุดที่แจ้งซ้ำ", "en": "Hotspots"},
    "digest_no_hotspots": {"th": "ไม่มีจุดที่แจ้งซ้ำ", "en": "No recurring place"},
}
