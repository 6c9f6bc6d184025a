"""SQLite writers in several processes and threads queue on the write lock and all get through."""
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
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

STARTER = """
import sys
from sqlalchemy import text
from storage.db import Database

print("ready", flush=True)
sys.stdin.readline()  # the barrier: every process opens the new file at the same moment
db = Database(sys.argv[1])
with db.uow() as uow:
    uow.session.execute(text("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, tag TEXT)"))
    uow.session.execute(text("INSERT INTO notes (tag) VALUES (:tag)"), {"tag": sys.argv[2]})
    uow.commit()
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
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


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


def test_processes_starting_together_on_a_new_file_all_write_and_leave_it_in_wal_mode(tmp_path):
    path = tmp_path / "new.db"
    processes = [python(STARTER, f"sqlite:///{path}", f"process-{n}") for n in range(8)]
    try:
        for process in processes:
            assert process.stdout.readline().strip() == "ready"
        # One process is in its first write to the new file, as the first worker is for a moment
        # while it switches the file to WAL; held for a second so the race is not left to the
        # scheduler. SQLite refuses the others the switch at once then, whatever the busy timeout.
        with closing(sqlite3.connect(path, isolation_level=None)) as first:
            first.execute("BEGIN IMMEDIATE")
            first.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, tag TEXT)")
            for process in processes:  # all told within a millisecond, as gunicorn starts workers
                process.stdin.write("go\n")
                process.stdin.flush()
            time.sleep(1)
            first.execute("COMMIT")
        outputs = [process.communicate(timeout=60)[0] for process in processes]
    finally:
        for process in processes:
            process.kill()
            process.wait()
    assert [process.returncode for process in processes] == [0] * 8, outputs
    # Read by plain sqlite3: our engine would switch the file to WAL itself on connecting.
    with closing(sqlite3.connect(path)) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert sorted(tag for (tag,) in plain.execute("SELECT tag FROM notes")) == [
            f"process-{n}" for n in range(8)]
