"""The benchmarks' scratch databases are gone after the run, however the run ends (PostgreSQL)."""
import signal
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench import scratch
from tests.support.processes import ROOT

HOLDER = """
import signal, sys, time
from bench import scratch
from sqlalchemy.engine import make_url
signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, if pytest's is ignored
with scratch.postgres(sys.argv[1]) as url:
    print(make_url(url).database, flush=True)
    time.sleep(60)
"""


def databases(server: str) -> set[str]:
    engine = create_engine(server)
    with engine.connect() as connection:
        names = set(connection.execute(text("SELECT datname FROM pg_database")).scalars())
    engine.dispose()
    return names


def test_a_run_that_fails_still_drops_its_database_which_it_could_write_to(postgres_url):
    with pytest.raises(RuntimeError), scratch.postgres(postgres_url) as url:
        name = make_url(url).database
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE notes (id INTEGER)"))
            connection.execute(text("INSERT INTO notes VALUES (1)"))
        assert name in databases(postgres_url)
        raise RuntimeError("the benchmark broke")  # with the engine's connection still open
    assert name not in databases(postgres_url)
    engine.dispose()


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_a_run_stopped_by_ctrl_c_or_kill_drops_its_database(postgres_url, how):
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, postgres_url], cwd=ROOT,
                              stdout=subprocess.PIPE, text=True)
    name = holder.stdout.readline().strip()
    assert name in databases(postgres_url)
    holder.send_signal(how)
    holder.wait(timeout=30)
    assert name not in databases(postgres_url)


def test_a_kept_database_stays_and_its_name_is_printed(postgres_url, capsys):
    with scratch.postgres(postgres_url, keep=True) as url:
        name = make_url(url).database
    try:
        assert name in databases(postgres_url)
        assert f"kept database {name}" in capsys.readouterr().out
    finally:
        engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}"'))
        engine.dispose()


def test_a_sqlite_run_leaves_no_file_behind_in_its_folder(tmp_path):
    with scratch.database(None, tmp_path) as url:
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("PRAGMA journal_mode=WAL"))
            connection.execute(text("CREATE TABLE notes (id INTEGER)"))
        assert list(tmp_path.iterdir())
        engine.dispose()
    assert list(tmp_path.iterdir()) == []
