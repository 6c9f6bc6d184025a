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
from tests.support.images import jpeg

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
            photo = services.add_photo(uow, reporter, store.save_image(jpeg(320, 240), 10**7))
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
        after = services.add_photo(uow, None, store.save_image(jpeg(320, 240), 10**7), kind="after")
        move(uow, ticket, "finish", actor="officer:demo", note="ซ่อมเสร็จเรียบร้อย",
             photo_ids=[after.id])
        move(uow, ticket, "rate", actor="citizen", stars=3 + i % 3)
    if i % 5 == 4:
        move(uow, ticket, "reject", actor="officer:demo", note="อยู่นอกความรับผิดชอบ")
