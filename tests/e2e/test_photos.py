"""Photos: nothing but pixels is stored, downloads are capped while reading and cannot stall others.

Through signed webhooks and the fake LINE content API (which can make huge or trickling bodies).
"""
import io
import threading
import tracemalloc

import pytest
from PIL import Image, PngImagePlugin

from bot import worker
from tests.fakes.line_api import Streamed
from tests.support import events

PLANTED = "PLANTED-0812345678-13.7563N"


def jpeg_with(segment: str) -> bytes:
    """A JPEG carrying the planted text in one kind of metadata segment."""
    image, out = Image.new("RGB", (48, 32), (30, 120, 200)), io.BytesIO()
    extra = {"COM": {"comment": PLANTED.encode()},
             "XMP": {"xmp": f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{PLANTED}</x:xmpmeta>'.encode()},
             "ICC": {"icc_profile": b"\0\0\0\x80lcms\x02\x10\0\0mntrRGB XYZ desc" + PLANTED.encode()},
             "EXIF": {"exif": _exif(image)}}[segment]
    image.save(out, "JPEG", **extra)
    return out.getvalue()


def _exif(image) -> bytes:
    """EXIF whose description and camera fields hold the planted text."""
    exif = image.getexif()
    exif[0x010E], exif[0x010F] = PLANTED, PLANTED
    return exif.tobytes()


def png_with(chunk: str) -> bytes:
    """A PNG carrying the planted text in one kind of text chunk (or an ICC profile)."""
    image, out, info = Image.new("RGB", (48, 32), (30, 120, 200)), io.BytesIO(), PngImagePlugin.PngInfo()
    extra = {}
    if chunk == "tEXt":
        info.add_text("Comment", PLANTED)
    elif chunk == "zTXt":
        info.add_text("Comment", PLANTED, zip=True)
    elif chunk == "iTXt":
        info.add_itxt("Description", PLANTED, lang="th", tkey=PLANTED)
    else:
        extra["icc_profile"] = b"\0\0\0\x80lcms\x02\x10\0\0mntrRGB XYZ desc" + PLANTED.encode()
    image.save(out, "PNG", pnginfo=info, **extra)
    return out.getvalue()


def stored_bytes(runtime) -> list[bytes]:
    """The contents of every file under MEDIA_DIR."""
    return [path.read_bytes() for path in runtime.media.root.rglob("*") if path.is_file()]


@pytest.mark.parametrize("data", [
    pytest.param(jpeg_with("COM"), id="jpeg-comment"), pytest.param(jpeg_with("XMP"), id="jpeg-xmp"),
    pytest.param(jpeg_with("ICC"), id="jpeg-icc"), pytest.param(jpeg_with("EXIF"), id="jpeg-exif"),
    pytest.param(png_with("tEXt"), id="png-text"), pytest.param(png_with("zTXt"), id="png-ztxt"),
    pytest.param(png_with("iTXt"), id="png-itxt"), pytest.param(png_with("ICC"), id="png-icc")])
def test_no_metadata_a_citizen_sent_with_a_photo_is_stored(line, runtime, data):
    assert PLANTED.encode() in data or PLANTED.encode() in _inflated(data)
    user = events.new_user()
    line.fake.add_content("meta-1", data, "image/png" if data.startswith(b"\x89PNG") else "image/jpeg")
    line.send(events.image(user, "meta-1"))
    files = stored_bytes(runtime)
    assert len(files) == 1, "the photo was kept"
    assert PLANTED.encode() not in files[0] and PLANTED.encode() not in _inflated(files[0])
    assert Image.open(io.BytesIO(files[0])).size == (48, 32)


def _inflated(data: bytes) -> bytes:
    """The text of compressed PNG chunks, so zTXt/iTXt cannot hide the planted string."""
    image = Image.open(io.BytesIO(data))
    return repr(image.info).encode()


def test_a_300_mb_photo_is_refused_while_reading_without_filling_the_workers_memory(line):
    user = events.new_user()
    line.fake.add_streamed_content("huge", Streamed(size=300 * 1024 * 1024, head=b"\xff\xd8\xff\xe0"))
    tracemalloc.start()
    try:
        line.send(events.image(user, "huge"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "10 MB" in line.last_to(user)["text"], "the citizen is told the photo is too large"
    assert peak < 40 * 1024 * 1024, f"the download held {peak // 2**20} MB at once"


def test_a_photo_download_that_stalls_does_not_hold_up_another_users_answer(
        database_url, fake_line, tmp_path):
    from bot import create_app
    from tests.conftest import make_settings
    from tests.support.line import LineDriver
    app = create_app(make_settings(database_url, fake_line, tmp_path, content_timeout_seconds=1,
                                   content_deadline_seconds=2, retry_base_seconds=5))
    line = LineDriver(app, fake_line)
    slow, other = events.new_user(), events.new_user()
    # Each piece arrives within the read time-out, but the whole body would take hours.
    fake_line.add_streamed_content("slow", Streamed(size=10 * 1024 * 1024, chunk=512, pause=0.3,
                                                    head=b"\xff\xd8\xff\xe0"))
    photo, text = events.image(slow, "slow"), events.text(other, "ไฟถนนดับทั้งซอย")
    assert line.post(photo, text).status_code == 200
    fake_line.register_reply_token(text["replyToken"], other)
    stop = threading.Event()
    running = threading.Thread(target=worker.run, args=(line.runtime,),
                               kwargs=dict(poll_seconds=0.05, should_stop=stop.is_set), daemon=True)
    running.start()
    try:
        fake_line.wait_for(lambda: line.messages_to(other), timeout=15)
    finally:
        stop.set()
        running.join(timeout=10)
        app.extensions["chaeng"].db.dispose()
    assert "ตำแหน่ง" in line.last_to(other)["text"]
    assert not running.is_alive(), "the worker is stuck in a download"
