"""SQLite writers in several processes and threads queue on the write lock and all get through."""
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import exc, text

from storage.db import Database
from tests.support.processes import ROOT

WRITER = """
import sys, threading
from sqlalchemy import text
from storage.db import Database

url, tag, threads, rows = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
db = Database(url)
failures = []

def write(thread):
    try:
        for n in range(rows):
            with db.uow() as uow:
                uow.session.execute(text("INSERT INTO notes (tag) VALUES (:tag)"),
                                    {"tag": f"{tag}-{thread}-{n}"})
                uow.commit()
    except Exception as error:
        failures.append(repr(error))

workers = [threading.Thread(target=write, args=(t,)) for t in range(threads)]
for w in workers: w.start()
for w in workers: w.join()
print("\\n".join(failures))
sys.exit(1 if failures else 0)
"""

HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
fcntl.flock(fd, fcntl.LOCK_EX)
print("holding", flush=True)
time.sleep(60)
"""

FREE = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    sys.exit("held")
"""


@pytest.fixture
def database(tmp_path):
    """A SQLite file with one table, through the engine every process of Chaeng uses."""
    url = f"sqlite:///{tmp_path / 'chaeng.db'}"
    db = Database(url)
    with db.uow() as uow:
        uow.session.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, tag TEXT UNIQUE)"))
        uow.commit()
    yield db
    db.dispose()


def python(code: str, *args) -> subprocess.Popen:
    """Run Python code in a process of its own, as gunicorn's workers and the worker are."""
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def tags(db: Database) -> list[str]:
    with db.uow() as uow:
        return [row[0] for row in uow.session.execute(text("SELECT tag FROM notes"))]


def test_three_processes_of_eight_threads_writing_at_once_all_commit_every_row(database):
    processes = [python(WRITER, database.url, tag, 8, 40) for tag in ("web1", "web2", "worker")]
    outputs = [process.communicate(timeout=100)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], outputs
    stored = tags(database)
    assert len(stored) == len(set(stored)) == 3 * 8 * 40


def test_threads_of_one_process_writing_at_once_all_commit_every_row(database):
    failures = []

    def write(thread):
        try:
            for n in range(50):
                with database.uow() as uow:
                    uow.session.execute(text("INSERT INTO notes (tag) VALUES (:tag)"),
                                        {"tag": f"{thread}-{n}"})
                    uow.commit()
        except exc.SQLAlchemyError as error:
            failures.append(error)

    threads = [threading.Thread(target=write, args=(t,)) for t in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert len(set(tags(database))) == 16 * 50


def test_a_failed_write_lets_other_processes_write_at_once(database):
    with pytest.raises(exc.IntegrityError):
        with database.uow() as uow:
            uow.session.execute(text("INSERT INTO notes (tag) VALUES ('same'), ('same')"))
            uow.commit()
    with database.uow() as uow:
        uow.session.execute(text("SELECT count(*) FROM notes"))  # a transaction left open
        free = python(FREE, f"{database.url.split('///')[1]}.lock")
        assert free.wait(30) == 1  # held while this transaction is open...
    free = python(FREE, f"{database.url.split('///')[1]}.lock")
    assert free.wait(30) == 0, free.communicate()[0]  # ...and free once it is over


def test_a_process_stuck_holding_the_lock_file_delays_a_write_but_never_stops_it(database):
    holder = python(HOLDER, f"{database.url.split('///')[1]}.lock")
    try:
        assert holder.stdout.readline().strip() == "holding"
        done = threading.Event()

        def write():
            with database.uow() as uow:
                uow.session.execute(text("INSERT INTO notes (tag) VALUES ('after the wait')"))
                uow.commit()
            done.set()

        threading.Thread(target=write, daemon=True).start()
        assert done.wait(25), "the write waited on the stuck process instead of SQLite's lock"
    finally:
        holder.kill()
        holder.wait()
    assert tags(database) == ["after the wait"]


def test_a_steady_stream_of_writes_keeps_the_wal_file_from_growing_without_end(database):
    page = "x" * 16_000  # four pages a commit

    def write(thread):
        for n in range(1500):
            with database.uow() as uow:
                uow.session.execute(text("INSERT INTO notes (tag) VALUES (:tag)"),
                                    {"tag": f"{thread}-{n}-{page}"})
                uow.commit()

    threads = [threading.Thread(target=write, args=(t,)) for t in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(100)
    wal = Path(database.url.split("///")[1] + "-wal")
    written = 4 * 1500 * len(page)
    assert len(tags(database)) == 6000
    assert wal.stat().st_size < written, "the WAL was never started again from its beginning"
