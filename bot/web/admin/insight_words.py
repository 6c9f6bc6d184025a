"""The dashboard's words for insight pages (service levels, hotspots, digest), Thai then English."""

INSIGHT_WORDS = {
    "service_levels": ("ระดับการให้บริการ", "Service levels"),
    "agency": ("หน่วยงาน", "Agency"), "all_categories": ("ทุกประเภท", "All categories"),
    "uncategorised": ("ไม่ระบุประเภท", "Uncategorised"),
    "no_district": ("ไม่ระบุเขต", "No district"), "no_agency": ("ไม่ระบุหน่วยงาน", "No agency"),
    "received": ("รับเรื่อง", "Received"),
    "accept_median": ("รับงาน มัธยฐาน (ชม.)", "To accept, median (h)"),
    "accept_p90": ("รับงาน P90 (ชม.)", "To accept, 90th pct (h)"),
    "finish_median": ("แก้เสร็จ มัธยฐาน (วัน)", "To finish, median (days)"),
    "finish_p90": ("แก้เสร็จ P90 (วัน)", "To finish, 90th pct (days)"),
    "within_2": ("เสร็จใน 2 วัน", "Done in 2 days"), "within_7": ("เสร็จใน 7 วัน", "Done in 7 days"),
    "stuck_7": ("ค้างเกิน 7 วัน", "Open > 7 days"),
    "trend": ("แนวโน้มรายเดือน", "Trend by month"), "month": ("เดือน", "Month"),
    "finished": ("เสร็จ", "Finished"),
    "levels_note": ("เวลานับจากวันที่แจ้ง เรื่องนับให้หน่วยงานที่รับผิดชอบปัจจุบัน ตามประเภทหลัก",
                    "Times count from the report; a case counts for the agency responsible now, "
                    "under its main category."),
    "hotspots": ("จุดที่แจ้งซ้ำ", "Hotspots"), "no_hotspots": ("ไม่มี", "None"),
    "digest": ("สรุปประจำสัปดาห์", "Weekly digest"),
    "new_cases": ("เรื่องใหม่", "New"), "overdue": ("ค้างเกิน 7 วัน", "Overdue"),
    "week_of": ("7 วันถึง {until}", "7 days to {until}"),
    "weeks": ("สัปดาห์", "Weeks"), "place": ("สถานที่", "Place"),
    "unknown_district": ("ไม่รู้จักเขตนี้", "No such district."),
}

INSIGHT_WORDS.update({
    "sample_of_finished": ("n = {n} เรื่องที่ทราบเวลาเสร็จ จากที่เสร็จ {of} เรื่อง",
                           "n = {n} with a known finishing time, of {of} finished"),
    "sample_finished": ("เสร็จ {n} จาก {of} เรื่อง", "{n} of {of} cases"),
    "sample_rated": ("n = {n} เรื่องที่ให้คะแนน จาก {of} เรื่อง", "n = {n} rated, of {of} cases"),
    "sample_cases": ("n = {n} เรื่อง", "n = {n} cases"),
    "few_cases": ("ข้อมูลน้อย ใช้ด้วยความระวัง", "Few cases: read with care"),
    "finish_known_note": ("เวลาถึงเสร็จนับเฉพาะเรื่องที่ทราบเวลาเสร็จ เรื่องนำเข้าส่วนใหญ่ไม่มีเวลานี้",
                          "Hours to finish count only cases whose finishing time is known; most "
                          "imported cases do not say."),
    "and_more": ("และอีก {n} รายการ ({total} เรื่อง) ดูใน CSV", "and {n} more ({total} cases) in the CSV"),
    "not_rated": ("ยังไม่ให้คะแนน", "Not rated"),
    "n_known": ("n={n}", "n={n}"), "pages": ("หน้า", "Pages"),
    "choose_district": ("— เลือกเขต —", "— Choose a district —"), "show": ("แสดง", "Show"),
    "choose_district_hint": ("เลือกเขตเพื่อดูสรุป 7 วันที่ผ่านมา",
                             "Choose a district to see its last seven days."),
    "levels_unknown_note": ("– คือไม่ทราบ (เช่น เรื่องนำเข้าที่ไม่บอกเวลาเสร็จ) ไม่ใช่ศูนย์ "
                            "n คือจำนวนเรื่องที่ใช้คำนวณ",
                            "– means unknown (e.g. imported cases that do not say when they "
                            "finished), never zero; n is how many cases a figure comes from."),
})
