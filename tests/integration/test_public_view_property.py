"""Property (issue 20): plant personal data in every free text of random cases, hide some cases and
some photos, drive every output toward people other than the reporter and staff, and nothing
planted and nothing hidden comes out.

Planted: phone numbers in many spellings, national ids with a valid checksum, e-mails (Thai
domains too), LINE ids and line.me links, a house number, a LINE user id; in the description, LINE's
address, the place words, officers' notes and reject or reopen reasons. Driven: the nearby offer,
a typed ticket, follow, followers' pushes, the board, case, district, agency and hotspot pages,
the CSV and GeoJSON exports, Open311 (JSON and XML), outgoing webhook bodies and photo links."""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from bot import create_app, services
from bot.photos import photo_path
from bot.texts import t
from bot.admin import moderation
from bot.permissions import Actor
from nlp.pii import valid_national_id
from tests.conftest import make_settings
from tests.fakes.webhook_subscriber import LOOPBACK, Subscriber
from tests.support import events
from tests.support.casework import move
from tests.support.images import jpeg
from tests.support.line import LineDriver

pytestmark = pytest.mark.usefixtures("clock")

# A fixed seed and a few examples; no shrinking (each example is a whole city's worth of turns):
# a failure shows the example as drawn.
PROPERTY = settings(max_examples=8, deadline=None, derandomize=True, database=None,
                    phases=(Phase.explicit, Phase.generate), suppress_health_check=list(HealthCheck))
ADMIN = Actor.admin("property")
DIGITS = "0123456789"
FULL_WIDTH = str.maketrans(DIGITS, "０１２３４５６７８９")
THAI = str.maketrans(DIGITS, "๐๑๒๓๔๕๖๗๘๙")
MEDIA = re.compile(r"/media/(\d+)/([0-9a-f]{40})")
WORDS = ("ถนนเป็นหลุม", "ติดต่อได้ที่", "ช่วยด้วยครับ", "แจ้งไว้แล้ว", "ด่วนมาก")


@dataclass
class Planted:
    """A piece of text and the fragments of it that must never come out."""

    text: str
    never: list[str]


def _seven_digit_windows(spelled: str) -> list[str]:
    """Every stretch of the spelling that holds seven digits: a number partly masked leaks these."""
    places = [i for i, ch in enumerate(spelled) if ch.isdigit()]
    return [spelled[places[i]:places[i + 6] + 1] for i in range(len(places) - 6)]


@st.composite
def phone(draw) -> Planted:
    """A Thai mobile number in one of the ways people write it."""
    d = "0" + draw(st.sampled_from("689")) + draw(st.text(DIGITS, min_size=8, max_size=8))
    spelled = draw(st.sampled_from([
        d, f"{d[:3]}-{d[3:6]}-{d[6:]}", f"{d[:3]}–{d[3:6]}–{d[6:]}", f"{d[:3]} {d[3:6]} {d[6:]}",
        f"{d[:3]}.{d[3:6]}.{d[6:]}", f"+66 {d[1:3]} {d[3:6]} {d[6:]}", d.translate(FULL_WIDTH),
        d.translate(THAI), f"{d[:3]}\u200b{d[3:6]}\u200b{d[6:]}", " ".join(d),
        f"({d[:3]}) {d[3:6]}-{d[6:]}"]))
    return Planted(f"โทร {spelled}", [spelled, *_seven_digit_windows(spelled)])


@st.composite
def national_id(draw) -> Planted:
    """A 13-digit national id with a valid checksum, with or without dashes."""
    first = draw(st.sampled_from("12345678")) + draw(st.text(DIGITS, min_size=11, max_size=11))
    digits = next(first + c for c in DIGITS if valid_national_id(first + c))
    spelled = draw(st.sampled_from([digits, f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-"
                                             f"{digits[10:12]}-{digits[12]}", digits.translate(FULL_WIDTH)]))
    return Planted(f"บัตรประชาชน {spelled}", [spelled, *_seven_digit_windows(spelled)])


NAME = st.text("abcdefghijkmnpqrstuvwxyz", min_size=7, max_size=9)


@st.composite
def email(draw) -> Planted:
    """An e-mail address, its domain plain, Thai or punycode."""
    local = "m" + draw(NAME)
    domain = draw(st.sampled_from(["example.co.th", "ตัวอย่าง.ไทย", "บริษัท.com", "example.xn--o3cw4h"]))
    return Planted(f"อีเมล {local}@{domain}", [local])


@st.composite
def line_id(draw) -> Planted:
    """A LINE id as people give it, or LINE's add-friend link."""
    name = "l" + draw(NAME)
    form = draw(st.sampled_from(["line: {}", "ไลน์ไอดี {}", "Line ID: {}", "แอดไลน์ {}",
                                 "line.me/ti/p/~{}", "https://line.me/R/ti/p/@{}", "lin.ee/{}"]))
    return Planted(form.format(name), [name])


@st.composite
def house(draw) -> Planted:
    """A house number as a citizen writes it."""
    number = f"{draw(st.integers(300, 999))}/{draw(st.integers(10, 99))}"
    return Planted(f"บ้านเลขที่ {number}", [number])


@st.composite
def line_user(draw) -> Planted:
    """A LINE user id, as an officer might paste it into a note."""
    user = "U" + draw(st.text("0123456789abcdef", min_size=32, max_size=32))
    return Planted(f"ผู้แจ้ง {user}", [user, user[:12]])


PERSONAL = st.one_of(phone(), national_id(), email(), line_id(), house(), line_user())


@st.composite
def free_text(draw) -> Planted:
    """Thai words with one to three pieces of personal data among them."""
    pieces = draw(st.lists(PERSONAL, min_size=1, max_size=3))
    words = [draw(st.sampled_from(WORDS)) for _ in pieces]
    text = " ".join(f"{w} {p.text}" for w, p in zip(words, pieces))
    return Planted(text, [n for p in pieces for n in p.never])


@st.composite
def a_case(draw) -> dict:
    """What one case is made of, what is planted in it and what a moderator does to it."""
    number = f"{draw(st.integers(300, 999))}/{draw(st.integers(10, 99))}"
    inside = draw(PERSONAL)
    return {"marker": "mk" + draw(NAME), "description": draw(free_text()),
            "address": Planted(f"{number} หมู่บ้านสุขสันต์ {inside.text} ซอยพญาไท 5 ถนนพญาไท "
                               f"แขวงถนนพญาไท เขตราชเทวี กรุงเทพมหานคร 10400",
                               [number, "สุขสันต์", *inside.never]),
            "place_words": draw(free_text()), "note": draw(free_text()), "reason": draw(free_text()),
            "ending": draw(st.sampled_from(["update", "finish", "reject", "reopen"])),
            "hide_case": draw(st.booleans()), "hide_photo": draw(st.booleans())}


@dataclass
class Seen:
    """What every example so far planted and hid (later outputs must not show them either)."""

    never: set = field(default_factory=set)
    hidden_tickets: set = field(default_factory=set)
    hidden_markers: set = field(default_factory=set)
    hidden_photos: set = field(default_factory=set)
    reporters: set = field(default_factory=set)


@pytest.fixture
def world(database_url, fake_line, tmp_path):
    """The app on each database, with an outgoing-webhook subscriber."""
    app = create_app(make_settings(database_url, fake_line, tmp_path, drain_wait_seconds=0.05,
                                   user_rate_limit=10_000, webhook_allowed_private_hosts=LOOPBACK))
    with Subscriber() as hook:
        added = app.test_cli_runner().invoke(args=["webhooks", "add", hook.url])
        assert added.exit_code == 0, added.output
        yield LineDriver(app, fake_line), hook
    app.extensions["chaeng"].db.dispose()


def create(line, spec: dict, place: tuple[float, float]) -> dict:
    """Report the case through the chat's service (reporter, photo, LINE's address, place words)."""
    runtime = line.runtime
    reporter = events.new_user()
    with runtime.db.uow() as uow:
        services.ensure_user(uow, reporter)
        photo = services.add_photo(uow, reporter, runtime.media.save_image(jpeg(), 10**7))
        case = services.submit_report(
            uow, reporter, description=f"{spec['marker']} {spec['description'].text}",
            categories=["ถนน"], latitude=place[0], longitude=place[1],
            address=spec["address"].text, district="ราชเทวี", subdistrict="ถนนพญาไท",
            photo_ids=[photo.id], place_words=spec["place_words"].text)
        uow.commit()
        return {"ticket": case.ticket_id, "photo": photo.id, "reporter": reporter, **spec}


def moderate(line, made: dict) -> None:
    """A moderator hides the case or its photo, as the spec says."""
    with line.runtime.db.uow() as uow:
        if made["hide_photo"]:
            moderation.set_photo_hidden(uow, made["ticket"], made["photo"], True, actor=ADMIN)
        if made["hide_case"]:
            moderation.set_case_hidden(uow, made["ticket"], True, actor=ADMIN, reason="property")
        uow.commit()


def officers_act(line, made: dict) -> None:
    """Officers accept with a note, then update, finish, reject or finish and see it reopened."""
    runtime, ticket, ending = line.runtime, made["ticket"], made["ending"]
    with runtime.db.uow() as uow:
        move(uow, ticket, "accept", note=made["note"].text)
        if ending == "update":
            move(uow, ticket, "update", note=made["reason"].text)
        elif ending == "reject":
            move(uow, ticket, "reject", note=made["reason"].text)
        else:
            after = services.add_photo(uow, None, runtime.media.save_image(jpeg(), 10**7), kind="after")
            move(uow, ticket, "finish", note=made["note"].text, photo_ids=[after.id])
            if ending == "reopen":
                move(uow, ticket, "reopen", note=made["reason"].text)
        uow.commit()


def as_text(body) -> str:
    """A response or message list as the text a reader gets (JSON and HTML escapes undone)."""
    if isinstance(body, (list, dict)):
        return json.dumps(body, ensure_ascii=False)
    text = body.get_data(as_text=True)
    if body.mimetype.endswith("json"):
        return json.dumps(json.loads(text), ensure_ascii=False)
    return html.unescape(text)


def web_outputs(line, made: list[dict]) -> dict[str, str]:
    """Every public page, export and API answer, by name."""
    client, out = line.app.test_client(), {}
    for url in ("/", "/?lang=en", "/districts/ราชเทวี", "/agencies/ratchathewi", "/hotspots/road",
                "/open-data/cases.csv", "/open-data/cases.geojson", "/open311/v2/requests.json",
                "/open311/v2/requests.xml", *[f"/cases/{m['ticket']}" for m in made],
                *[f"/open311/v2/requests/{m['ticket']}.{kind}" for m in made for kind in ("json", "xml")]):
        answer = client.get(url)
        hidden = any(m["hide_case"] and m["ticket"] in url for m in made)
        # A hidden case's page says it was taken down (410), and nothing else of it.
        status = (410 if "/cases/" in url else 404) if hidden else 200
        assert answer.status_code == status, url
        out[url] = as_text(answer)
    return out


def check_nothing_leaks(outputs: dict[str, str], seen: Seen) -> None:
    """No planted fragment, reporter, hidden case or hidden photo in any output."""
    for name, text in outputs.items():
        for secret in seen.never | seen.reporters | seen.hidden_markers:
            assert secret not in text, f"{secret!r} came out in {name}"
        for ticket in seen.hidden_tickets:  # only an answer to asking for it by name may echo it
            assert ticket not in text or name.startswith("asked") or ticket in name, \
                f"hidden {ticket} in {name}"
        for photo_id, _token in MEDIA.findall(text):
            assert int(photo_id) not in seen.hidden_photos, f"hidden photo {photo_id} in {name}"


def check_photo_links(line, outputs: dict[str, str], seen: Seen) -> None:
    """Every photo link given out serves its photo; a hidden photo's freshest link serves nothing."""
    client = line.app.test_client()
    for link in {m.group(0) for text in outputs.values() for m in MEDIA.finditer(text)}:
        assert client.get(link).status_code == 200, link
    for photo_id in seen.hidden_photos:
        assert client.get(photo_path(line.runtime.settings, photo_id)).status_code == 404


def test_nothing_planted_or_hidden_leaves_through_any_public_output(world):
    line, hook = world
    seen, places = Seen(), iter(range(1, 1000))

    @given(st.lists(a_case(), min_size=1, max_size=3))
    @PROPERTY
    def check(specs):
        here = next(places)
        place = (13.70 + here * 0.01, 100.50)  # each example's cases apart from the others'
        made = [create(line, spec, place) for spec in specs]
        follower, stranger, neighbour = events.new_user(), events.new_user(), events.new_user()
        for m in made:
            line.send(events.postback(follower, f"a=follow&t={m['ticket']}"))
        followed = len(line.messages_to(follower))  # "you now follow …", while all were public
        for m in made:
            moderate(line, m)
        delivered = len(hook.received)  # sent while every case was public
        for m in made:
            seen.never.update(n for part in ("description", "address", "place_words", "note", "reason")
                              for n in m[part].never)
            seen.reporters.add(m["reporter"])
            if m["hide_case"]:
                seen.hidden_tickets.add(m["ticket"])
                seen.hidden_markers.add(m["marker"])
            if m["hide_case"] or m["hide_photo"]:
                seen.hidden_photos.add(m["photo"])
        line.say(neighbour, "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว")
        line.send(events.location(neighbour, place[0] + 0.0005, place[1]))
        offer = as_text(line.messages_to(neighbour))
        for m in made:
            line.say(stranger, m["ticket"])
            line.send(events.postback(stranger, f"a=follow&t={m['ticket']}"))
            if m["hide_case"]:  # asked about a hidden case, they hear only that there is none
                unknown = t("case_unknown", "th", ticket=m["ticket"])
                assert [x["text"] for x in line.messages_to(stranger)[-2:]] == [unknown] * 2
            officers_act(line, m)
        line.drain()
        outputs = {"nearby offer": offer, "asked (typed, followed)": as_text(line.messages_to(stranger)),
                   "followers' pushes": as_text(line.messages_to(follower)[followed:]),
                   "webhooks": as_text([r.json for r in hook.received[delivered:]]),
                   **web_outputs(line, made)}
        for m in made:  # what is public does come out (so the outputs above were really made)
            if not m["hide_case"]:
                for name in ("nearby offer", f"/cases/{m['ticket']}", "/open-data/cases.csv",
                             f"/open311/v2/requests/{m['ticket']}.json", "followers' pushes"):
                    assert m["marker"] in outputs[name], (m["marker"], name)
        check_nothing_leaks(outputs, seen)
        check_photo_links(line, outputs, seen)
    check()
