"""Photos in an S3-compatible bucket (MEDIA_URL=s3://bucket/prefix), shared by every web and worker.

Against a real S3 HTTP API on loopback (moto's server), through signed webhooks, the dashboard, the
public case page, the links LINE loads, and a second web process started from the Procfile's line.
"""
import io
import os
import re
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot import create_app
from storage.models import Case
from tests.conftest import make_settings
from tests.support import events, images, s3
from tests.support.line import LineDriver
from tests.support.processes import channel_env, free_port
from tests.support.staff import signed_in

ROOT = Path(__file__).resolve().parents[2]
MEDIA_LINK = re.compile(r"/media/\d+/[0-9a-f]+")


@pytest.fixture(scope="module")
def endpoint():
    """One S3-compatible server for this module."""
    with s3.s3_server() as url:
        yield url


@pytest.fixture
def bucket(endpoint, monkeypatch):
    """A fresh bucket, with the standard AWS_* variables set as a deployment sets them."""
    for name, value in s3.CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return s3.new_bucket(endpoint)


def s3_line(database_url, fake_line, tmp_path, endpoint, bucket, **overrides) -> LineDriver:
    """The line driver with photos in the bucket under the prefix `reports`."""
    settings = make_settings(database_url, fake_line, tmp_path, media_url=f"s3://{bucket}/reports",
                             s3_endpoint_url=endpoint, **overrides)
    return LineDriver(create_app(settings), fake_line)


@pytest.fixture
def line_s3(database_url, fake_line, tmp_path, endpoint, bucket):
    """On each database, photos in S3."""
    line = s3_line(database_url, fake_line, tmp_path, endpoint, bucket)
    yield line
    line.runtime.db.dispose()


def report_with_photo(line) -> tuple[str, str]:
    """A citizen reports text, photo and location and confirms; returns (user, ticket id)."""
    user = events.new_user()
    line.fake.add_content(f"s3-{user[-8:]}", images.jpeg(with_gps=True))
    line.say(user, "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว")
    line.send(events.image(user, f"s3-{user[-8:]}"))
    line.send(events.location(user, 13.7650, 100.5383))
    line.send(events.postback(user, "a=category&c=other"))
    line.send(events.postback(user, "a=confirm"))
    ticket = re.search(r"\d{4}-[2-9A-HJ-NP-Z]{6}", line.texts_to(user)).group(0)
    return user, ticket


def line_image_links(line, user) -> list[str]:
    """The paths of the image URLs in the cards LINE delivered to the user."""
    line.say(user, ticket_of_last(line, user))  # the reporter looks the case up by its ticket id
    return re.findall(r"https://chaeng\.example\.org(/media/\d+/p?[0-9a-f]+)", repr(line.messages_to(user)))


def ticket_of_last(line, user) -> str:
    """The ticket id the user was last told."""
    return re.findall(r"\d{4}-[2-9A-HJ-NP-Z]{6}", line.texts_to(user))[-1]


def test_a_reports_photo_is_kept_in_s3_and_served_to_line_the_dashboard_and_the_public_page(
        line_s3, endpoint, bucket, tmp_path):
    user, ticket = report_with_photo(line_s3)
    stored = s3.keys(endpoint, bucket)
    assert len(stored) == 1 and stored[0].startswith("reports/") and stored[0].endswith(".jpg")
    assert not (tmp_path / "media").exists(), "nothing was written to the local folder"
    in_bucket = s3.client(endpoint).get_object(Bucket=bucket, Key=stored[0])["Body"].read()
    assert b"PhoneMaker" not in in_bucket, "the EXIF was removed before the upload"

    links = line_image_links(line_s3, user)
    assert links, "the case card LINE shows carries the photo"
    web = line_s3.app.test_client()
    served = web.get(links[0])
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert served.get_data() == in_bucket

    public = web.get(f"/cases/{ticket}").get_data(as_text=True)
    assert web.get(MEDIA_LINK.search(public).group(0)).get_data() == in_bucket
    admin = signed_in(line_s3.app, "s3@city.go.th", "admin")
    page = admin.get(f"/admin/cases/{ticket}").get_data(as_text=True)
    staff_link = re.search(r'<img src="(/admin/cases/[^"]+/photos/\d+)"', page).group(1)
    assert admin.get(staff_link).get_data() == in_bucket


def test_a_second_web_process_serves_a_photo_the_first_one_stored(
        sqlite_url, fake_line, tmp_path, endpoint, bucket):
    line = s3_line(sqlite_url, fake_line, tmp_path, endpoint, bucket)
    user, _ = report_with_photo(line)
    link = line_image_links(line, user)[0]
    expected = line.app.test_client().get(link).get_data()
    line.runtime.db.dispose()
    # Another machine: its own (empty) media folder, the same database and bucket.
    port = free_port()
    env = channel_env(line.runtime.settings, PORT=port, MEDIA_DIR=tmp_path / "other-machine")
    web_line = next(text.split(":", 1)[1] for text in (ROOT / "Procfile").read_text().splitlines()
                    if text.startswith("web:"))
    process = subprocess.Popen(web_line, shell=True, env=env, cwd=ROOT, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        body = fetch_when_up(f"http://127.0.0.1:{port}{link}")
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)
    assert body == expected
    assert not (tmp_path / "other-machine").exists()


def test_a_photo_whose_object_is_gone_is_a_404_and_an_unreachable_store_a_503(
        line_s3, endpoint, bucket, database_url, fake_line, tmp_path):
    user, _ = report_with_photo(line_s3)
    link = line_image_links(line_s3, user)[0]
    (key,) = s3.keys(endpoint, bucket)
    s3.client(endpoint).delete_object(Bucket=bucket, Key=key)
    assert line_s3.app.test_client().get(link).status_code == 404
    assert line_s3.app.test_client().get(link.rsplit("/", 1)[0] + "/" + "0" * 32).status_code == 404
    away = create_app(make_settings(database_url, fake_line, tmp_path, media_url=f"s3://{bucket}",
                                    s3_endpoint_url=f"http://127.0.0.1:{free_port()}"))
    try:
        assert away.test_client().get(link).status_code == 503
    finally:
        away.extensions["chaeng"].db.dispose()


def test_a_call_centre_photo_while_the_store_is_away_is_a_503_that_keeps_the_form(
        sqlite_url, fake_line, tmp_path, bucket):
    away = create_app(make_settings(sqlite_url, fake_line, tmp_path, media_url=f"s3://{bucket}",
                                    s3_endpoint_url=f"http://127.0.0.1:{free_port()}"))
    operator = signed_in(away, "op@city.go.th", "operator")
    answer = operator.post("/admin/intake/", {
        "description": "ไฟฟ้าส่องสว่างดับทั้งซอย", "address": "ซอยสุขุมวิท 11", "phone": "081-234-5678",
        "photos": [(io.BytesIO(images.jpeg()), "lamp.jpg")]}, content_type="multipart/form-data")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 503 and "ที่เก็บรูปไม่ตอบสนองชั่วคราว" in page
    assert "ไฟฟ้าส่องสว่างดับทั้งซอย" in page, "what the operator typed is kept"
    with away.extensions["chaeng"].db.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Case)) == 0
    away.extensions["chaeng"].db.dispose()


def test_a_photo_sent_while_the_bucket_is_missing_is_kept_once_it_exists(
        sqlite_url, fake_line, tmp_path, endpoint, bucket):
    late = f"{bucket}-late"
    line = s3_line(sqlite_url, fake_line, tmp_path, endpoint, late, retry_base_seconds=0.3,
                   drain_wait_seconds=0.1)
    user = events.new_user()
    line.fake.add_content("s3-late", images.jpeg())
    line.send(events.image(user, "s3-late"))
    assert line.messages_to(user) == [], "no answer while the photo could not be kept"
    s3.client(endpoint).create_bucket(Bucket=late)
    line.fake.wait_for(lambda: line.drain() or s3.keys(endpoint, late), timeout=15)
    line.fake.wait_for(lambda: line.drain() or line.messages_to(user), timeout=15)
    assert len(line.messages_to(user)) == 1, "the photo was acknowledged once"
    line.runtime.db.dispose()


def fetch_when_up(url: str, timeout: float = 60) -> bytes:
    """GET the URL once the server answers (it is still starting at first)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read()
        except OSError as error:
            if isinstance(error, urllib.error.HTTPError) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_an_erased_citizens_unsent_photo_leaves_the_bucket(line_s3, endpoint, bucket):
    user = events.new_user()
    line_s3.fake.add_content(f"s3-{user[-8:]}", images.jpeg())
    line_s3.say(user, "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว")
    line_s3.send(events.image(user, f"s3-{user[-8:]}"))  # in a draft, never sent as a case
    assert len(s3.keys(endpoint, bucket)) == 1
    line_s3.send(events.postback(user, "a=erase"))
    line_s3.send(events.postback(user, "a=eraseyes"))
    assert s3.keys(endpoint, bucket) == []
