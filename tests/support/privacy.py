"""Helpers for "my data" tests: a citizen with a full history, the copy link, a full database dump."""
from __future__ import annotations

import re
import shutil
import subprocess

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.support import events, images
from tests.support.casework import move

TICKET = re.compile(r"\d{4}-[2-9A-HJ-NP-Z]{6}")
LINK = re.compile(r"https?://\S+/my-data/[A-Za-z0-9_-]+")
VICTORY_MONUMENT = (13.7650, 100.5383)


def report(line, user: str, words: str, photo_id: str) -> str:
    """A whole LINE report with a photo and a place, confirmed; returns its ticket id."""
    line.fake.add_content(photo_id, images.jpeg())
    line.send(events.text(user, words))
    line.send(events.image(user, photo_id))
    line.send(events.location(user, *VICTORY_MONUMENT, address="99/1 ถนนพหลโยธิน"))
    last = line.last_to(user)
    if last["type"] == "text" and last.get("quickReply"):  # the category question first
        line.send(events.postback(user, last["quickReply"]["items"][0]["action"]["data"]))
    line.send(events.postback(user, "a=confirm"))
    return TICKET.findall(line.texts_to(user))[-1]


def citizen_with_history(line, user: str) -> dict:
    """A citizen who reported two cases (one finished and rated, with an officer's note naming
    their phone), follows another's case, and left a draft with a photo: everything erasure
    must reach. Returns the tickets."""
    line.send(events.follow(user))
    rated = report(line, user, "ถนนเป็นหลุมลึกมาก โทร 081-234-5678 ได้เลย", f"8{user[-8:]}1")
    other = report(line, user, "ไฟส่องสว่างดับทั้งซอย มืดมาก", f"8{user[-8:]}2")
    with line.runtime.db.uow() as uow:
        move(uow, rated, "accept", note="โทรหาผู้แจ้งที่ 081-234-5678 แล้ว")
        move(uow, rated, "finish", note="ซ่อมแล้ว")
        uow.commit()
    line.drain()
    line.send(events.postback(user, f"a=rate&t={rated}&s=4"))
    neighbour = events.new_user()
    followed = report(line, neighbour, "น้ำท่วมขังหน้าหมู่บ้านหลังฝนตก", f"8{neighbour[-8:]}3")
    line.send(events.postback(user, f"a=follow&t={followed}"))
    line.send(events.postback(user, f"a=rate&t={followed}&s=5"))  # not theirs: refused, audited
    line.fake.add_content(f"8{user[-8:]}4", images.jpeg(32, 32))
    line.send(events.text(user, "ขยะล้นถังส่งกลิ่นเหม็นมาก"))
    line.send(events.image(user, f"8{user[-8:]}4"))
    return {"rated": rated, "other": other, "followed": followed, "neighbour": neighbour}


def copy_link(line, user: str) -> str:
    """Ask for a copy in the chat and return the link the bot sent."""
    line.say(user, "ขอสำเนาข้อมูล")
    return LINK.search(line.last_to(user)["text"]).group(0)


def path_of(link: str) -> str:
    """The path of a link, for the test client."""
    return "/" + link.split("/", 3)[3]


def full_dump(url: str) -> str:
    """Every row of every table as text: SQLite's iterdump; pg_dump, or every row cast to text."""
    if url.startswith("sqlite"):
        engine = create_engine(url)
        with engine.connect() as connection:
            dump = "\n".join(connection.connection.dbapi_connection.iterdump())
        engine.dispose()
        return dump
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    if shutil.which("pg_dump"):
        return subprocess.run(["pg_dump", "--no-owner", plain], check=True, capture_output=True,
                              text=True).stdout
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = [str(row) for table in inspect(connection).get_table_names()
                for row in connection.execute(text(f'SELECT t::text FROM "{table}" t'))]
    engine.dispose()
    return "\n".join(rows)
