"""The LINE simulator's endpoints through Flask's test client: signed events in, a fake LINE API out."""
from __future__ import annotations

import io
import re
import uuid

import pytest
from PIL import Image
from sqlalchemy import create_engine, func, select

from bot import create_app
from bot.config import SIMULATOR_SECRET, SIMULATOR_TOKEN, Settings
from bot.simulator import events as sim_events
from bot.simulator.models import SimMessage
from storage.models import Base, InboxEvent
from tests.support.database import migrated_from_empty

USER = "U" + "1" * 32
AUTH = {"Authorization": f"Bearer {SIMULATOR_TOKEN}"}
HELLO = [{"type": "text", "text": "สวัสดี"}]


@pytest.fixture(params=["sqlite", "postgresql"])
def sim(request, tmp_path):
    """A simulator-mode app (no LINE channel) on a database built by the migrations."""
    url = f"sqlite:///{tmp_path / 'chaeng.db'}" if request.param == "sqlite" else \
        request.getfixturevalue("postgres_url")
    migrated_from_empty(url)
    app = create_app(Settings(database_url=url, media_dir=str(tmp_path / "media"), simulator=True).completed())
    assert app.extensions["chaeng"].settings.simulator
    yield app
    app.extensions["chaeng"].db.dispose()


@pytest.fixture
def client(sim):
    """A test client of the simulator-mode app, sending the header the page sends."""
    client = sim.test_client()
    client.environ_base["HTTP_X_CHAENG_SIMULATOR"] = "1"
    return client


def inbox(app) -> list[dict]:
    """The raw events the webhook stored, oldest first."""
    with app.extensions["chaeng"].db.uow() as uow:
        return [row.body for row in uow.session.scalars(select(InboxEvent).order_by(InboxEvent.id))]


def chat(client, user=USER, after=0) -> list[dict]:
    """The simulated chat as the page reads it."""
    response = client.get(f"/simulator/messages?userId={user}&after={after}")
    assert response.status_code == 200, response.json
    return response.json["messages"]


def jpeg() -> bytes:
    """A small real JPEG."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


def test_the_page_loads_only_from_the_app_itself(client):
    page = client.get("/simulator")
    assert page.status_code == 200 and b"chat.js" in page.data
    assert not re.search(rb"""(src|href)=["']?(https?:)?//""", page.data)
    for asset in ("chat.js", "flex.js", "simulator.css"):
        body = client.get(f"/simulator/static/{asset}").data.replace(b"http://www.w3.org/2000/svg", b"")
        assert not re.search(rb"https?://|@import|url\(", body), asset


def test_a_sent_text_reaches_the_inbox_as_a_signed_line_event(client, sim):
    response = client.post("/simulator/send", json={"userId": USER, "kind": "text", "text": "ไฟดับ"})
    assert response.status_code == 200, response.json
    assert response.json["webhook"]["stored"] == 1
    [event] = inbox(sim)
    assert event["type"] == "message" and event["mode"] == "active"
    assert event["source"] == {"type": "user", "userId": USER}
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{26}", event["webhookEventId"])
    assert event["deliveryContext"] == {"isRedelivery": False}
    assert isinstance(event["timestamp"], int) and re.fullmatch(r"[0-9a-f]{32}", event["replyToken"])
    message = event["message"]
    assert message["type"] == "text" and message["text"] == "ไฟดับ" and message["quoteToken"]
    assert re.fullmatch(r"\d{18}", message["id"])
    assert [(m["direction"], m["shown"]) for m in chat(client)] == [("user", "ไฟดับ")]


def test_each_kind_of_user_action_becomes_the_event_line_would_send(client, sim):
    sends = [{"kind": "follow"}, {"kind": "postback", "data": "a=confirm", "displayText": "ยืนยัน"},
             {"kind": "location", "latitude": 13.765, "longitude": 100.5383, "title": "อนุสาวรีย์"},
             {"kind": "unfollow"}, {"kind": "follow"}]
    for fields in sends:
        assert client.post("/simulator/send", json={"userId": USER, **fields}).status_code == 200
    follow, postback, location, unfollow, again = inbox(sim)
    assert follow["follow"] == {"isUnblocked": False} and follow["replyToken"]
    assert postback["postback"] == {"data": "a=confirm"}
    assert location["message"]["latitude"] == 13.765 and location["message"]["title"] == "อนุสาวรีย์"
    assert location["message"]["address"]
    assert "replyToken" not in unfollow
    assert again["follow"] == {"isUnblocked": True}
    assert [m["shown"] for m in chat(client)][1:3] == ["ยืนยัน", "อนุสาวรีย์"]


def test_a_sticker_becomes_a_sticker_event_with_lines_fields(client, sim):
    choice = sim_events.STICKERS[3]
    sent = client.post("/simulator/send", json={"userId": USER, "kind": "sticker",
                                                "packageId": choice["packageId"],
                                                "stickerId": choice["stickerId"]})
    assert sent.status_code == 200, sent.json
    [event] = inbox(sim)
    message = event["message"]
    assert message["type"] == "sticker" and event["replyToken"] and message["quoteToken"]
    assert (message["packageId"], message["stickerId"]) == (choice["packageId"], choice["stickerId"])
    assert message["stickerResourceType"] in ("STATIC", "ANIMATION") and message["keywords"]
    assert chat(client)[0]["kind"] == "sticker" and chat(client)[0]["shown"] == choice["glyph"]
    unknown = client.post("/simulator/send", json={"userId": USER, "kind": "sticker",
                                                   "packageId": "1", "stickerId": "<script>"})
    assert unknown.status_code == 400 and "sticker" in unknown.json["error"]


def test_the_page_offers_the_sticker_picker(client):
    page = client.get("/simulator").get_data(as_text=True)
    assert 'id="sticker"' in page and page.count('class="sticker-choice"') == len(sim_events.STICKERS)


def test_a_photo_is_kept_and_served_to_the_worker_as_message_content(client, sim):
    photo = jpeg()
    response = client.post("/simulator/send", data={"userId": USER, "kind": "image",
                                                     "photo": (io.BytesIO(photo), "pothole.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 200, response.json
    [event] = inbox(sim)
    assert event["message"]["type"] == "image"
    assert event["message"]["contentProvider"] == {"type": "line"}
    content = client.get(f"/simulator/line/v2/bot/message/{event['message']['id']}/content",
                         headers=AUTH)
    assert content.status_code == 200 and content.data == photo
    assert content.mimetype == "image/jpeg"
    assert client.get("/simulator/line/v2/bot/message/404/content", headers=AUTH).status_code == 404


def test_photos_picked_together_arrive_as_lines_separate_events_of_one_image_set(client, sim):
    for index in (1, 2, 3):
        response = client.post("/simulator/send", data={
            "userId": USER, "kind": "image", "imageSetId": "A1B2C3", "imageSetIndex": str(index),
            "imageSetTotal": "3", "photo": (io.BytesIO(jpeg()), f"{index}.jpg")},
            content_type="multipart/form-data")
        assert response.status_code == 200, response.json
    assert [event["message"]["imageSet"] for event in inbox(sim)] == [
        {"id": "A1B2C3", "index": index, "total": 3} for index in (1, 2, 3)]
    bad = client.post("/simulator/send", data={
        "userId": USER, "kind": "image", "imageSetId": "A1B2C3", "imageSetIndex": "4",
        "imageSetTotal": "3", "photo": (io.BytesIO(jpeg()), "4.jpg")}, content_type="multipart/form-data")
    assert bad.status_code == 400 and "image set" in bad.json["error"] and len(inbox(sim)) == 3


def test_a_photo_over_ten_megabytes_is_refused_with_a_clear_error(client, sim):
    big = b"\xff\xd8" + b"0" * (10 * 1024 * 1024)
    response = client.post("/simulator/send", data={"userId": USER, "kind": "image",
                                                     "photo": (io.BytesIO(big), "big.jpg")},
                           content_type="multipart/form-data")
    assert response.status_code == 413 and "10 MB" in response.json["error"]
    assert inbox(sim) == [] and chat(client) == []


def test_a_send_without_the_page_header_is_refused_so_other_sites_cannot_post(sim):
    response = sim.test_client().post("/simulator/send", data={"userId": USER, "kind": "follow"})
    assert response.status_code == 403 and "X-Chaeng-Simulator" in response.json["error"]
    assert inbox(sim) == []


def test_a_malformed_send_is_refused_without_reaching_the_webhook(client, sim):
    for body in ({"userId": "U123", "kind": "text", "text": "x"},
                 {"userId": USER, "kind": "sticker"},
                 {"userId": USER, "kind": "location", "latitude": 95, "longitude": 100},
                 {"userId": USER, "kind": "text", "text": "  "}):
        response = client.post("/simulator/send", json=body)
        assert response.status_code == 400 and response.json["error"], body
    assert inbox(sim) == []


def test_the_fake_line_api_refuses_a_wrong_access_token(client):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": SIMULATOR_TOKEN}):
        response = client.post("/simulator/line/v2/bot/message/push", headers=headers,
                               json={"to": USER, "messages": HELLO})
        assert response.status_code == 401 and "Authentication failed" in response.json["message"]
        assert client.get(f"/simulator/line/v2/bot/profile/{USER}", headers=headers).status_code == 401
    assert chat(client) == []


def test_a_reply_token_works_once_and_lands_in_the_chat_it_was_issued_to(client):
    client.post("/simulator/send", json={"userId": USER, "kind": "text", "text": "hi"})
    other = "U" + "2" * 32
    client.post("/simulator/send", json={"userId": other, "kind": "text", "text": "hello"})
    token = chat(client)[0]["payload"]["replyToken"]
    body = {"replyToken": token, "messages": HELLO}
    first = client.post("/simulator/line/v2/bot/message/reply", headers=AUTH, json=body)
    assert first.status_code == 200
    [sent] = first.json["sentMessages"]
    assert sent["id"] and sent["quoteToken"]
    again = client.post("/simulator/line/v2/bot/message/reply", headers=AUTH, json=body)
    assert again.status_code == 400 and again.json["message"] == "Invalid reply token"
    unknown = client.post("/simulator/line/v2/bot/message/reply", headers=AUTH,
                          json={"replyToken": "0" * 32, "messages": HELLO})
    assert unknown.status_code == 400 and unknown.json["message"] == "Invalid reply token"
    assert [(m["direction"], m["via"]) for m in chat(client)] == [("user", None), ("bot", "reply")]
    assert [m["direction"] for m in chat(client, other)] == ["user"]


def test_a_repeated_push_retry_key_answers_409_and_is_stored_once(client, sim):
    key = str(uuid.uuid4())
    body = {"to": USER, "messages": HELLO + [{"type": "text", "text": "สอง"}]}
    first = client.post("/simulator/line/v2/bot/message/push", json=body,
                        headers={**AUTH, "X-Line-Retry-Key": key})
    assert first.status_code == 200 and len(first.json["sentMessages"]) == 2
    again = client.post("/simulator/line/v2/bot/message/push", json=body,
                        headers={**AUTH, "X-Line-Retry-Key": key})
    assert again.status_code == 409
    assert again.headers["X-Line-Accepted-Request-Id"] == first.headers["X-Line-Request-Id"]
    assert [m["payload"]["text"] for m in chat(client)] == ["สวัสดี", "สอง"]
    with sim.extensions["chaeng"].db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(SimMessage)) == 2


def test_a_message_line_would_refuse_gets_lines_400_with_details(client):
    chip = {"type": "action", "action": {"type": "postback", "label": "x" * 21, "data": "a=b"}}
    response = client.post("/simulator/line/v2/bot/message/push", headers=AUTH, json={
        "to": USER, "messages": [{"type": "text", "text": "hi", "quickReply": {"items": [chip]}},
                                 {"type": "flex", "altText": "card"}]})
    assert response.status_code == 400
    assert {d["property"] for d in response.json["details"]} == {
        "messages[0].quickReply.items[0].action.label", "messages[1].contents"}
    assert chat(client) == []


def test_a_carousel_over_lines_size_limit_as_the_sdk_sends_it_gets_a_400(client):
    bubble = {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": [
        {"type": "text", "text": "ก" * 900, "wrap": True}]}}  # 5.4 KB once Thai is escaped
    for count, status in ((8, 200), (10, 400)):
        response = client.post("/simulator/line/v2/bot/message/push", headers=AUTH, json={
            "to": USER, "messages": [{"type": "flex", "altText": "cases", "contents": {
                "type": "carousel", "contents": [bubble] * count}}]})
        assert response.status_code == status, response.json


def test_the_loading_animation_and_profile_answer_as_line_does(client):
    started = client.post("/simulator/line/v2/bot/chat/loading/start", headers=AUTH,
                          json={"chatId": USER, "loadingSeconds": 10})
    assert started.status_code == 202 and started.json == {}
    profile = client.get(f"/simulator/line/v2/bot/profile/{USER}", headers=AUTH)
    assert profile.status_code == 200 and profile.json["userId"] == USER


def test_the_simulator_refuses_visitors_from_other_machines(tmp_path):
    url = f"sqlite:///{tmp_path / 'remote.db'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    app = create_app(Settings(database_url=url, media_dir=str(tmp_path / "m"), simulator=True).completed())
    client = app.test_client()
    remote = client.get("/simulator", environ_overrides={"REMOTE_ADDR": "203.0.113.9"})
    local = client.get("/simulator", environ_overrides={"REMOTE_ADDR": "127.0.0.1"})
    assert remote.status_code == 403 and "LINE_CHANNEL_SECRET" in remote.json["error"]
    assert local.status_code == 200
    app.extensions["chaeng"].db.dispose()


@pytest.mark.parametrize("path", ["/simulator", "/simulator/messages?userId=" + USER, "/callback"])
def test_a_foreign_host_header_is_refused_in_simulator_mode(sim, path):
    # DNS rebinding: a page on evil.example resolves its own name to 127.0.0.1 and calls the app.
    client = sim.test_client()
    method = client.post if path == "/callback" else client.get
    foreign = method(path, headers={"Host": "evil.example:8000", "X-Chaeng-Simulator": "1"},
                     environ_overrides={"REMOTE_ADDR": "127.0.0.1"})
    assert foreign.status_code == 403 and "only answers on this machine" in foreign.json["error"]
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        local = method(path, headers={"Host": host, "X-Chaeng-Simulator": "1"},
                       environ_overrides={"REMOTE_ADDR": "127.0.0.1"})
        assert local.status_code != 403, host


def test_events_signed_with_the_published_secret_are_refused_from_other_machines(sim):
    raw = sim_events.body([sim_events.text(USER, "forged")])
    forged = sim.test_client().post(
        "/callback", data=raw, headers={"X-Line-Signature": sim_events.sign(raw, SIMULATOR_SECRET),
                                        "Content-Type": "application/json"},
        environ_overrides={"REMOTE_ADDR": "203.0.113.9"})
    assert forged.status_code == 403
    assert inbox(sim) == []
