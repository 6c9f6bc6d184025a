"""A small, believable city of cases for browser tests and screenshots, made through services."""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import update

import nlp
from bot import services
from storage.media import MediaStore
from storage.models import Case, utcnow
from tests.support.casework import move
from tests.support.images import street_photo

SPOTS = [(13.7563, 100.5018), (13.7649, 100.5383), (13.7286, 100.5235), (13.7367, 100.5600),
         (13.8030, 100.5530), (13.7220, 100.5800), (13.7460, 100.5340), (13.7000, 100.4900)]
REPORTS = [("ถนนเป็นหลุมลึก รถจักรยานยนต์ล้ม", "ถนน"), ("ไฟส่องสว่างดับทั้งซอย มืดมาก", "แสงสว่าง"),
           ("น้ำท่วมขังหน้าหมู่บ้านหลังฝนตก", "น้ำท่วม"), ("ขยะล้นถังส่งกลิ่นเหม็น", "ความสะอาด"),
           ("ทางเท้าชำรุด กระเบื้องแตก", "ทางเท้า"), ("ท่อระบายน้ำอุดตัน", "ท่อระบายน้ำ"),
           ("สายไฟห้อยต่ำ อันตราย", "สายไฟ"), ("ต้นไม้ล้มขวางถนน", "ต้นไม้")]


def build(runtime, count: int = 40, seed: int = 7) -> list[str]:
    """Cases in every state across districts, some finished with stars and an after-photo."""
    rng, store = random.Random(seed), MediaStore(runtime.settings.media_dir)
    tickets = []
    for i in range(count):
        lat, lng = SPOTS[i % len(SPOTS)]
        lat, lng = lat + rng.uniform(-0.01, 0.01), lng + rng.uniform(-0.01, 0.01)
        text, label = REPORTS[i % len(REPORTS)]
        place = nlp.locate(lat, lng)
        reporter = f"U{i:032x}"
        with runtime.db.uow() as uow:
            services.ensure_user(uow, reporter)
            photo = services.add_photo(uow, reporter, store.save_image(street_photo(seed=i), 10**7))
            case = services.submit_report(
                uow, reporter, description=text, categories=[label], latitude=lat, longitude=lng,
                address=None, district=place.district if place else None,
                subdistrict=place.subdistrict if place else None, photo_ids=[photo.id])
            _progress(uow, store, case.ticket_id, i)
            _backdate(uow, case, timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23)),
                      timedelta(hours=rng.randint(4, 240)))
            uow.commit()
            tickets.append(case.ticket_id)
    return tickets


def _backdate(uow, case: Case, age: timedelta, took: timedelta) -> None:
    """Move a case and its history into the past, later steps `took` after its creation."""
    created = utcnow() - age
    later = {state: (created + took).isoformat() for state in case.state_times}
    later["waiting"] = created.isoformat()
    uow.session.execute(update(Case).where(Case.id == case.id).values(
        created_at=created, updated_at=created + took, state_times=later))
    for event in case.events:
        event.created_at = created if event.action == "create" else created + took


def _progress(uow, store: MediaStore, ticket: str, i: int) -> None:
    """Move some cases along: accepted, finished (with an after-photo and stars) or rejected."""
    if i % 5 in (1, 2, 3):
        move(uow, ticket, "accept", actor="officer:demo", note="รับเรื่องแล้ว กำลังส่งทีมช่าง")
    if i % 5 in (2, 3):
        after = services.add_photo(uow, None, store.save_image(street_photo(seed=i, fixed=True), 10**7),
                                     kind="after")
        move(uow, ticket, "finish", actor="officer:demo", note="ซ่อมเสร็จเรียบร้อย",
             photo_ids=[after.id])
        move(uow, ticket, "rate", actor="citizen", stars=3 + i % 3)
    if i % 5 == 4:
        move(uow, ticket, "reject", actor="officer:demo", note="อยู่นอกความรับผิดชอบ")


HISTORY_PLACES = [("ปทุมวัน", "วังใหม่", 100.53, 13.745), ("บางรัก", "สีลม", 100.52, 13.725),
                  ("วัฒนา", "คลองเตยเหนือ", 100.565, 13.74), ("คลองเตย", "คลองเตย", 100.56, 13.71),
                  ("คลองสาน", "คลองต้นไทร", 100.50, 13.73), ("ห้วยขวาง", "ห้วยขวาง", 100.575, 13.77)]
HISTORY_TYPES = ["ถนน", "", "น้ำท่วม,ท่อระบายน้ำ", "", "ความสะอาด", "แสงสว่าง", "ทางเท้า"]
HISTORY_STATES = ["เสร็จสิ้น", "เสร็จสิ้น", "เสร็จสิ้น", "ไม่เกี่ยวข้อง", "กำลังดำเนินการ", "รอรับเรื่อง"]
LONG_TEXT = ("ถนนหน้าปากซอยเป็นหลุมลึกมากหลายจุดต่อเนื่องกันยาวเกือบร้อยเมตร "
             "ฝนตกทีไรน้ำขังเต็มหลุมมองไม่เห็น รถจักรยานยนต์ตกหลุมล้มไปแล้วอย่างน้อยสามคันในสัปดาห์นี้ "
             "ผู้สูงอายุและเด็กนักเรียนที่เดินผ่านต้องลงไปเดินบนถนนเพราะทางเท้าก็ชำรุดเช่นกัน "
             "ขอให้เจ้าหน้าที่เขตเข้ามาตรวจสอบและซ่อมแซมโดยด่วนก่อนจะมีผู้บาดเจ็บสาหัส")


def history_rows(count: int = 300) -> list[dict]:
    """Traffy tickets of 2022-2023 like an import of a city's past: every state, a third with no
    category, most without a last-activity time (so their finishing time is unknown), long texts."""
    from tests.support.traffy import ticket

    rows = []
    for n in range(count):
        district, sub, lon, lat = HISTORY_PLACES[n % len(HISTORY_PLACES)]
        month = 1 + (n * 7) % 10  # 2022-01 .. 2022-10, as the real history thins out
        year = 2022 if n % 11 else 2023
        row = ticket(n, district=district, subdistrict=sub, type=HISTORY_TYPES[n % len(HISTORY_TYPES)],
                     state=HISTORY_STATES[(n // len(HISTORY_PLACES)) % len(HISTORY_STATES)],
                     comment=LONG_TEXT if n % 4 == 0 else f"ถนนเป็นหลุม จุดที่ {n}",
                     coords=f"{lon + (n % 13) * 0.0011:.5f},{lat + (n % 7) * 0.001:.5f}",
                     timestamp=f"{year}-{month:02d}-{1 + n % 27:02d} 08:30:00+00",
                     star=str(1 + n % 5) if n % 3 == 0 else "",
                     address=f"ซอย {n} แขวง{sub} เขต{district} กรุงเทพมหานคร")
        # One in twenty tells when it was last touched: a finishing time the statistics can use.
        row["last_activity"] = f"{year}-{month:02d}-{2 + n % 27:02d} 10:00:00+00" if n % 20 == 0 else ""
        rows.append(row)
    return rows


def import_history(app, folder, count: int = 300) -> None:
    """Import `count` history rows through `flask import traffy`, as a city loads its past."""
    from tests.support.traffy import NEW, write_csv

    path = write_csv(folder / "history.csv", history_rows(count), columns=NEW)
    out = app.test_cli_runner().invoke(args=["import", "traffy", str(path)]).output
    assert f"loaded {count}" in out, out
