"""`make run` (bot/devserver.py): a web app or worker that dies is started again, the other keeps going."""
import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.test_procfile import SECRET, free_port, post
from tests.support import events

ROOT = Path(__file__).resolve().parents[2]


def children(pid: int) -> dict[str, int]:
    """The devserver's child processes by role ('web' or 'worker'), from /proc."""
    found = {}
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        try:  # a child may have just exited: it is no longer one of them
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except FileNotFoundError:
            continue
        if command:  # a zombie has no command line
            found["worker" if " worker" in command else "web"] = int(child)
    return found


def healthy(base: str) -> bool:
    """Whether the web app answers its health check."""
    try:
        return urllib.request.urlopen(f"{base}/healthz", timeout=1).status == 200
    except OSError:
        return False


def wait_until(predicate, timeout: float = 30) -> None:
    """Poll until the predicate holds, or fail."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.fixture
def devserver(tmp_path, fake_line):
    """`python -m bot.devserver` as `make run` starts it, on a real channel faked on loopback."""
    port = free_port()
    env = {**os.environ, "PORT": str(port), "LINE_CHANNEL_SECRET": SECRET,
           "LINE_CHANNEL_ACCESS_TOKEN": fake_line.access_token, "LINE_API_BASE_URL": fake_line.base_url,
           "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.db'}", "MEDIA_DIR": str(tmp_path / "media"),
           "CHAENG_SIMULATOR": "1", "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    subprocess.run([sys.executable, "-m", "flask", "--app", "bot", "db", "upgrade"], env=env,
                   cwd=ROOT, check=True, capture_output=True)
    process = subprocess.Popen([sys.executable, "-m", "bot.devserver"], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: healthy(base) and len(children(process.pid)) == 2)
    yield process, base
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError):  # nothing of the group may be left
            os.killpg(process.pid, signal.SIGKILL)


def test_a_process_that_dies_is_restarted_and_the_other_one_keeps_going(devserver, fake_line):
    process, base = devserver
    first = children(process.pid)
    os.kill(first["worker"], signal.SIGKILL)
    wait_until(lambda: children(process.pid).get("worker") not in (None, first["worker"]))
    assert healthy(base) and children(process.pid)["web"] == first["web"]
    os.kill(first["web"], signal.SIGKILL)
    wait_until(lambda: children(process.pid).get("web") not in (None, first["web"]))
    wait_until(lambda: healthy(base))
    user = events.new_user()
    event = events.text(user, "ถนนเป็นหลุม")
    fake_line.register_reply_token(event["replyToken"], user)
    assert post(base, events.body(event)) == 200
    fake_line.wait_for(lambda: fake_line.messages_to(user), timeout=30)
    assert process.poll() is None
