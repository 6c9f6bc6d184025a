"""Small Traffy-format CSV files written by the tests (no real tickets are ever needed)."""
import csv
import datetime as dt
import gzip
import random

COLUMNS = ["ticket_id", "type", "comment", "coords", "address", "subdistrict", "district", "province",
           "timestamp", "state", "star", "count_reopen"]
REPORTS = {
    "ถนน": ["ถนนเป็นหลุมใหญ่", "ถนนยุบตัว", "ผิวถนนแตกร้าว", "ถนนขรุขระเป็นบ่อ", "หลุมบนถนนอันตราย"],
    "น้ำท่วม": ["น้ำท่วมขังสูง", "ฝนตกน้ำท่วมซอย", "น้ำท่วมหน้าบ้าน", "น้ำขังไม่ระบาย", "น้ำท่วมถึงเข่า"],
    "แสงสว่าง": ["ไฟดับทั้งซอย", "ไฟส่องสว่างเสีย", "เสาไฟไม่ติด", "ไฟทางดับมืดมาก", "หลอดไฟขาด"],
    "ต้นไม้": ["ต้นไม้ล้มขวางทาง", "กิ่งไม้หักห้อย", "ต้นไม้รกต้องตัดแต่ง", "ต้นไม้โค่น", "กิ่งไม้บังป้าย"],
}
# A label that only exists from `LATE_FROM` on, like Traffy's ป้าย (signs) from 2022-10-19.
LATE_LABEL, LATE_FROM = "ป้าย", dt.datetime(2022, 10, 19, tzinfo=dt.timezone.utc)
LATE_REPORTS = ["ป้ายโฆษณาล้มขวางทาง", "ป้ายหาเสียงติดเต็มเสา", "ป้ายโฆษณาเถื่อนบนทางเท้า"]
PLACES = [(13.7650, 100.5383, "ทุ่งพญาไท", "ราชเทวี"), (13.8180, 100.5610, "ลาดยาว", "จตุจักร")]


def rows(n=240, start=dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc), hours=15, late=True, seed=7):
    """Return n ticket rows every `hours` hours from `start`; the late label appears in its last weeks."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        when = start + dt.timedelta(hours=i * hours)
        if late and when >= LATE_FROM and rng.random() < 0.3:
            label, text = LATE_LABEL, rng.choice(LATE_REPORTS)
        else:
            label = rng.choice(list(REPORTS))
            text = rng.choice(REPORTS[label])
        lat, lon, sub, district = rng.choice(PLACES)
        out.append({
            "ticket_id": "2022-T%05d" % i, "type": label,
            "comment": "%s %s" % (text, rng.choice(["ครับ", "ค่ะ", "ช่วยด้วย", ""])),
            "coords": "%.5f,%.5f" % (lon + rng.uniform(-0.002, 0.002), lat + rng.uniform(-0.002, 0.002)),
            "address": "แขวง%s เขต%s กรุงเทพมหานคร" % (sub, district), "subdistrict": sub, "district": district,
            "province": "กรุงเทพมหานคร", "timestamp": when.strftime("%Y-%m-%d %H:%M:%S.000000+00"),
            "state": "เสร็จสิ้น", "star": "", "count_reopen": "",
        })
    return out


def write_csv(path, table) -> str:
    """Write rows as a gzipped Traffy-format CSV and return its path."""
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS)
        writer.writeheader()
        writer.writerows(table)
    return str(path)


# A border between two districts on a road, like Sukhumvit between วัฒนา (north, odd numbers) and คลองเตย
# (south, even numbers), drawn here as a north-south line: west is วัฒนา, east is คลองเตย. Every address names
# วัฒนา, as a reverse geocoder with other borders would; the house number's parity tells the sides apart.
WEST, EAST = ("คลองตันเหนือ", "วัฒนา"), ("คลองตัน", "คลองเตย")
BORDER_ADDRESS = "%d ถ. สุขุมวิท แขวง คลองตันเหนือ เขตวัฒนา กรุงเทพมหานคร 10110 ประเทศไทย"
STEP = 0.0002  # degrees between tickets, about 22 m


def border_rows(lat0: float, lon0: float, gap: int = 2) -> list[dict]:
    """Return tickets in six columns each side of the line lon = lon0; the east column next to the line has no
    tickets within `gap` rows of lat0, so the nearest ticket to a point just east of the line is a western one.
    Nonthaburi tickets lie 5 km north."""
    out = []
    for column in range(1, 7):
        for row in range(-10, 11):
            lat = lat0 + row * STEP
            out.append(place_row(len(out), lat, lon0 - column * STEP, WEST, BORDER_ADDRESS % (2 * len(out) + 1)))
            if column > 1 or abs(row) > gap:
                out.append(place_row(len(out), lat, lon0 + column * STEP, EAST, BORDER_ADDRESS % (2 * len(out))))
    for row in range(10):
        out.append(place_row(len(out), lat0 + 0.045 + row * STEP, lon0, ("บางกระสอ", "เมืองนนทบุรี"),
                              "ถนนงามวงศ์วาน ตำบล บางกระสอ อำเภอเมืองนนทบุรี นนทบุรี 11000", "นนทบุรี"))
    return out


def place_row(i, lat, lon, place, address, province="กรุงเทพมหานคร") -> dict:
    """Return one located ticket row without a category."""
    when = dt.datetime(2022, 6, 1, tzinfo=dt.timezone.utc) + dt.timedelta(hours=i)
    return {"ticket_id": "2022-P%05d" % i, "type": "", "comment": "", "coords": "%.6f,%.6f" % (lon, lat),
            "address": address, "subdistrict": place[0], "district": place[1], "province": province,
            "timestamp": when.strftime("%Y-%m-%d %H:%M:%S.000000+00"), "state": "เสร็จสิ้น", "star": "",
            "count_reopen": ""}
