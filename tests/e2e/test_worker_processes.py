"""WORKER_PROCESSES: the Procfile's one worker line runs several processes on PostgreSQL; they share
the queue without answering anything twice, and die with the line's process."""
import os
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from bot import create_app
from storage.admin_models import WorkerHeartbeat
from storage.models import Base
from tests.conftest import make_settings
from tests.support import events
from tests.support.line import LineDriver
from tests.support.processes import channel_env, kill, start_worker


@pytest.fixture
def postgres_database(postgres_url):
    """The PostgreSQL test database, emptied."""
    engine = create_engine(postgres_url)
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    engine.dispose()
    return postgres_url


def worker_pids(runtime) -> set[int]:
    """The processes that have beaten in the heartbeat table (named host-pid)."""
    with runtime.db.uow() as uow:
        names = uow.session.scalars(select(WorkerHeartbeat.worker)).all()
    return {int(name.rsplit("-", 1)[1]) for name in names}


def alive(pid: int) -> bool:
    """Whether a process exists and has not ended (a zombie waiting to be reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_two_worker_processes_answer_every_message_once_and_die_with_their_parent(
        postgres_database, fake_line, tmp_path):
    settings = make_settings(postgres_database, fake_line, tmp_path)
    line = LineDriver(create_app(settings), fake_line)
    process = start_worker(channel_env(settings, WORKER_PROCESSES=2), tmp_path / "worker.log")
    try:
        deadline = time.monotonic() + 30
        while len(worker_pids(line.runtime)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        children = worker_pids(line.runtime)
        assert len(children) == 2 and process.pid not in children, (tmp_path / "worker.log").read_text()
        sent = [events.text(events.new_user(), f"ถนนเป็นหลุม ซอย {n}") for n in range(20)]
        for event in sent:
            fake_line.register_reply_token(event["replyToken"], event["source"]["userId"])
            assert line.post(event).status_code == 200
        fake_line.wait_for(lambda: all(fake_line.messages_to(e["source"]["userId"]) for e in sent),
                           timeout=60)
        time.sleep(1.0)  # time enough for a second answer, were one coming
        replies = [r.json["replyToken"] for r in fake_line.requests
                   if r.path.endswith("/reply") and r.status == 200]
        assert sorted(replies) == sorted(e["replyToken"] for e in sent)

        os.kill(process.pid, signal.SIGKILL)  # the parent alone, as when its host kills it
        process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in children), "a worker process outlived its parent"
    finally:
        kill(process)
        try:
            os.killpg(process.pid, signal.SIGKILL)  # any child left behind by a failure above
        except ProcessLookupError:
            pass
