"""The public view on the web and toward machines: house numbers stay out of every address,
outgoing webhooks never carry a hidden case, and photo links expire and die when a moderator hides."""
from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest

from bot import services, worker
from bot.admin import moderation
from bot.permissions import Actor
from storage.models import utcnow
from tests.fakes.webhook_subscriber import Subscriber
from tests.support.casework import move
from tests.support.images import jpeg
from tests.support.staff import signed_in

pytestmark = pytest.mark.usefixtures("clock")  # link expiry is reckoned from a fixed moment

LINE_ADDRESS = "99/1 หมู่บ้านเสนานิเวศน์ ซอยลาดพร้าว 71 ถนนลาดพร้าว แขวงสะพานสอง เขตวังทองหลาง " \
               "กรุงเทพมหานคร 10310 ประเทศไทย"
HOUSE = ("99/1", "เสนานิเวศน์")
ADMIN = Actor.admin("test")
PHOTO_LINK = re.compile(r'src="(/media/\d+/[0-9a-f]+)"')


@pytest.fixture
def app_on(app_with_subscribers):
    """The app on each database, its webhook subscribers on loopback."""
    return app_with_subscribers


def report(app, *, photo: bool = False, reporter: str = "U" + "b" * 32) -> tuple[str, int | None]:
    """A case as the chat makes one, with LINE's address (and a photo); its ticket and photo id."""
    runtime = app.extensions["chaeng"]
    with runtime.db.uow() as uow:
        services.ensure_user(uow, reporter)
        photo_ids = [services.add_photo(uow, reporter, runtime.media.save_image(jpeg(), 10**7)).id] \
            if photo else []
        case = services.submit_report(
            uow, reporter, description="ถนนเป็นหลุมใหญ่", categories=["ถนน"], latitude=13.787,
            longitude=100.604, address=LINE_ADDRESS, district="วังทองหลาง", subdistrict="สะพานสอง",
            photo_ids=photo_ids)
        uow.commit()
        return case.ticket_id, (photo_ids or [None])[0]


def drain(app) -> None:
    """Run the worker until nothing is left to do."""
    worker.run(app.extensions["chaeng"], drain=True, poll_seconds=0.01)


def test_the_board_and_the_case_page_name_the_road_and_soi_but_never_the_house(app_on):
    ticket, _ = report(app_on)
    client = app_on.test_client()
    page = client.get(f"/cases/{ticket}").text
    assert "ซอยลาดพร้าว 71" in page and "ถนนลาดพร้าว" in page and "วังทองหลาง" in page
    board = client.get("/").text
    assert ticket in board
    for house in HOUSE:
        assert house not in page and house not in board


def test_exports_open311_and_webhooks_publish_the_address_without_the_house(app_on):
    with Subscriber() as hook:
        assert app_on.test_cli_runner().invoke(args=["webhooks", "add", hook.url]).exit_code == 0
        ticket, _ = report(app_on)
        drain(app_on)
    client = app_on.test_client()
    row = next(csv.DictReader(io.StringIO(client.get("/open-data/cases.csv").text)))
    open311 = client.get(f"/open311/v2/requests/{ticket}.json").json[0]
    outputs = {"csv": row["address"], "open311": open311["address"],
               "webhook": hook.received[0].json["case"]["address"],
               "geojson": client.get("/open-data/cases.geojson").text,
               "xml": client.get(f"/open311/v2/requests/{ticket}.xml").text}
    for name, text in outputs.items():
        assert "ซอยลาดพร้าว 71" in text and "ถนนลาดพร้าว" in text, name
        assert not any(house in text for house in HOUSE), name
    assert open311["zipcode"] == "10310"


def test_a_hidden_case_is_never_sent_to_webhook_subscribers(app_on):
    with Subscriber() as hook:
        assert app_on.test_cli_runner().invoke(args=["webhooks", "add", hook.url]).exit_code == 0
        shown, _ = report(app_on)
        hidden, _ = report(app_on)
        with app_on.extensions["chaeng"].db.uow() as uow:
            moderation.set_case_hidden(uow, hidden, True, actor=ADMIN, reason="abuse")
            move(uow, hidden, "accept", note="รับแล้ว")
            move(uow, shown, "accept")
            uow.commit()
        drain(app_on)
    sent = [(r.json["event"], r.json["case"]["ticket_id"]) for r in hook.received]
    assert sent == [("case.created", shown), ("case.state_changed", shown)]
    assert hidden.encode() not in b"".join(r.body for r in hook.received)


def photo_link(client, ticket: str) -> str:
    """The photo link the public case page shows."""
    return PHOTO_LINK.search(client.get(f"/cases/{ticket}").text).group(1)


def test_a_photo_link_dies_at_once_when_its_photo_or_its_case_is_hidden(app_on):
    ticket, photo_id = report(app_on, photo=True)
    client = app_on.test_client()
    link = photo_link(client, ticket)
    assert client.get(link).status_code == 200
    admin = signed_in(app_on, "a@city.go.th", "admin")
    admin.post(f"/admin/cases/{ticket}/photos/{photo_id}/hidden", {"hidden": "1"})
    assert client.get(link).status_code == 404
    admin.post(f"/admin/cases/{ticket}/photos/{photo_id}/hidden", {"hidden": "0"})
    assert client.get(link).status_code == 200
    admin.post(f"/admin/cases/{ticket}/hidden", {"hidden": "1", "reason": "abuse", "confirm": "1"})
    assert client.get(link).status_code == 404
    staff_page = admin.get(f"/admin/cases/{ticket}").get_data(as_text=True)
    staff_link = re.search(r'<img src="([^"]+)"', staff_page).group(1)
    assert admin.get(staff_link).status_code == 200  # moderators still see what they hid
    assert client.get(staff_link).status_code in (302, 401, 403, 404)  # nobody else does


def test_a_photo_link_expires_and_is_kept_only_privately_until_then(app_on, clock):
    ticket, _ = report(app_on, photo=True)
    client = app_on.test_client()
    link = photo_link(client, ticket)
    served = client.get(link)
    assert served.status_code == 200
    control = served.headers["Cache-Control"]
    days = app_on.extensions["chaeng"].settings.photo_link_days
    assert "private" in control and int(re.search(r"max-age=(\d+)", control).group(1)) <= \
        (days + 1) * 86400
    photo_id, token = link.split("/")[2:4]
    forged = f"/media/{photo_id}/{'f' * 8}{token[8:]}"  # a later expiry written in by hand
    assert client.get(forged).status_code == 404
    clock.travel_to(utcnow() + timedelta(days=days + 2))
    assert client.get(link).status_code == 404
    fresh = photo_link(client, ticket)
    assert fresh != link and client.get(fresh).status_code == 200  # pages make fresh links
