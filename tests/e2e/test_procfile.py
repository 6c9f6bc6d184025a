"""The Procfile's own lines, run as a host runs them, make a working deployment for a real channel."""
import json
import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.line.webhook import signature_of
from tests.support import events

ROOT = Path(__file__).resolve().parents[2]
SECRET = "procfile-channel-secret"


def procfile() -> dict[str, str]:
    """The Procfile's process types and their command lines."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(":", 1) for line in lines if line.strip() and not line.startswith("#"))


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def deployment(tmp_path, fake_line):
    """release, then web and worker, exactly as the Procfile says, against the fake LINE API."""
    port = free_port()
    database = f"sqlite:///{tmp_path / 'prod.db'}"
    env = {**os.environ, "PORT": str(port), "LINE_CHANNEL_SECRET": SECRET,
           "LINE_CHANNEL_ACCESS_TOKEN": fake_line.access_token,
           "LINE_API_BASE_URL": fake_line.base_url, "DATABASE_URL": database,
           "MEDIA_DIR": str(tmp_path / "media"), "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    commands = procfile()
    subprocess.run(commands["release"], shell=True, env=env, check=True, cwd=ROOT,
                   capture_output=True)
    running = [subprocess.Popen(commands[kind], shell=True, env=env, cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True) for kind in ("web", "worker")]
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base
    for process in running:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)


def post(base: str, body: bytes) -> int:
    """POST a webhook body signed like LINE signs it; return the status."""
    request = urllib.request.Request(f"{base}/callback", data=body, method="POST", headers={
        "Content-Type": "application/json", "X-Line-Signature": signature_of(body, SECRET)})
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


def test_the_procfile_lines_serve_a_real_channel_and_answer_a_duplicate_once(deployment, fake_line):
    user = events.new_user()
    body = events.body(events.follow(user), events.text(user, "ถนนเป็นหลุม อันตรายมาก"))
    assert post(deployment, body) == 200
    assert post(deployment, body) == 200  # LINE redelivers: nothing must happen twice
    fake_line.wait_for(lambda: len(fake_line.deliveries) >= 2, timeout=20)
    time.sleep(1.5)  # give a wrong second answer the time to arrive
    replies = [d for d in fake_line.deliveries if d.kind == "reply"]
    assert len(replies) == 2 and "PDPA" in json.dumps(replies[0].messages, ensure_ascii=False)
    assert "ตำแหน่ง" in json.dumps(replies[1].messages, ensure_ascii=False)
    assert shlex.split(procfile()["worker"]) == ["flask", "--app", "bot", "worker"]


def post_status(base: str, body: bytes) -> int:
    """POST a signed webhook body; return the status, whatever it is."""
    try:
        return post(base, body)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_procfile_lines_take_concurrent_webhooks_on_sqlite_without_a_5xx(deployment, fake_line):
    users = [events.new_user() for _ in range(60)]
    start = events.now_ms()  # a user's texts 6 s apart: no burst, so every one gets its own answer
    sent = [events.text(users[i % 60], f"ถนนเป็นหลุม จุดที่ {i}", timestamp=start + i * 100)
            for i in range(300)]
    for event in sent:
        fake_line.register_reply_token(event["replyToken"], event["source"]["userId"])
    with ThreadPoolExecutor(max_workers=4) as senders:
        statuses = list(senders.map(lambda e: post_status(deployment, events.body(e)), sent))
    assert [s for s in statuses if s != 200] == []
    fake_line.wait_for(lambda: len(fake_line.deliveries) >= 300, timeout=180)
    answered = sorted(d.reply_token for d in fake_line.deliveries)
    assert answered == sorted(e["replyToken"] for e in sent), "every event answered exactly once"


@pytest.mark.parametrize("kind", ["web", "worker"])
def test_the_procfile_lines_refuse_to_start_without_a_channel_unless_the_simulator_is_asked_for(
        tmp_path, kind):
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("LINE_") and key != "CHAENG_SIMULATOR"}
    env.update(PORT=str(free_port()), DATABASE_URL=f"sqlite:///{tmp_path / 'forgot.db'}",
               MEDIA_DIR=str(tmp_path / "media"),
               PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    started = subprocess.run(procfile()[kind], shell=True, env=env, cwd=ROOT, capture_output=True,
                             text=True, timeout=60)
    assert started.returncode != 0, "a deployment that forgot its channel must not serve"
    assert "set CHAENG_SIMULATOR=1" in started.stderr and "LINE_CHANNEL_SECRET" in started.stderr
