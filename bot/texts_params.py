"""What a page says about a query parameter it cannot use, in Thai and English."""
from __future__ import annotations

PARAM_TEXTS = {
    "param_page": {"th": "เลขหน้าต้องอยู่ระหว่าง 1 ถึง {most:,}",
                   "en": "The page number must be between 1 and {most:,}."},
    "param_day": {"th": "{name} ต้องเป็นวันที่ระหว่าง {first} ถึง {last} (ปี ค.ศ. เช่น 2022-06-30)",
                  "en": "{name} must be a date between {first} and {last} (like 2022-06-30)."},
    "param_moment": {"th": "{name} ต้องเป็นวันเวลาแบบ ISO 8601 ระหว่าง {first} ถึง {last}",
                     "en": "{name} must be an ISO 8601 date-time between {first} and {last}."},
    "param_choice": {"th": "{name} ต้องเป็นค่าใดค่าหนึ่งต่อไปนี้: {options}",
                     "en": "{name} must be one of: {options}."},
    "param_number": {"th": "{name} ต้องเป็นตัวเลขระหว่าง {low} ถึง {high}",
                     "en": "{name} must be a number between {low} and {high}."},
}
