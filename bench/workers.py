"""Benchmark the worker's throughput by process count on PostgreSQL, and check nothing is doubled.

    python bench/workers.py [--users 400] [--workers 1 2 4] [--postgres URL]

For each count: a fresh database, the Procfile's release and web lines, then every user's report
(a text, a photo and a location, 3 events each) posted to the webhook with no worker running;
then that many `worker` lines start together and the inbox is drained. events/s counts from
the first event processed to the last answer sent (start-up left out). Checks: every event
processed once (attempts = 1), every reply token used once, every outbox row sent, no push
sent twice.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scratch  # noqa: E402
from bench.webhook import (SECRET, _free_port, _wait_until_up, channel_env,  # noqa: E402
                           procfile_lines)
from bot.line.webhook import signature_of  # noqa: E402
from tests.fakes.line_api import FakeLineApi  # noqa: E402
from tests.support import events, images  # noqa: E402

PHOTO = images.jpeg(640, 480)


def main() -> int:
    """Run each worker count and print the table."""
    options = _arguments()
    postgres = scratch.server_url(options.postgres)
    if not postgres:
        print("several workers need PostgreSQL: give --postgres URL or TEST_DATABASE_URL",
              file=sys.stderr)
        return 2
    rows = []
    for count in options.workers:
        with tempfile.TemporaryDirectory() as folder, FakeLineApi() as line, \
                scratch.postgres(postgres) as url:
            rows.append((count, run(url, line, folder, count, options.users)))
            print(f"  {count} worker(s): {rows[-1][1]}", file=sys.stderr, flush=True)
    print(f"\n{options.users} users × 3 events (text, photo, location) on PostgreSQL\n")
    print("| workers | events | events/s | answers sent | processed twice | reply token used twice "
          "| push sent twice | left unsent |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count, r in rows:
        print(f"| {count} | {r['events']} | {r['rate']:.0f} | {r['sent']} | {r['twice']} | "
              f"{r['tokens_twice']} | {r['pushes_twice']} | {r['unsent']} |")
    return 0 if all(r["twice"] + r["tokens_twice"] + r["pushes_twice"] + r["unsent"] == 0
                    for _count, r in rows) else 1


def _arguments():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=400)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--postgres", help="PostgreSQL URL with rights to create databases")
    return parser.parse_args()


def run(url: str, line: FakeLineApi, folder: str, workers: int, users: int) -> dict:
    """Load the inbox through the web line, then drain it with `workers` processes."""
    port = _free_port()
    env = channel_env(port, url, line, folder, LOG_LEVEL="WARNING")
    procfile = procfile_lines()
    subprocess.run(procfile["release"], shell=True, env=env, cwd=ROOT, check=True,
                   capture_output=True)
    log = open(Path(folder) / "server.log", "w")
    processes = [subprocess.Popen(procfile["web"], shell=True, env=env, cwd=ROOT, stdout=log,
                                  stderr=log, start_new_session=True)]
    try:
        _wait_until_up(port)
        bodies = _bodies(line, users)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda body: _post(port, body), bodies))
        processes += [subprocess.Popen(procfile["worker"], shell=True, env=env, cwd=ROOT,
                                       stdout=log, stderr=log, start_new_session=True)
                      for _ in range(workers)]
        _wait_drained(url, len(bodies))
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        log.close()
    return _figures(url, line, len(bodies))


def _bodies(line: FakeLineApi, users: int) -> list[bytes]:
    """Each user's text, photo and location, in that order (per-user order is kept by the worker,
    so the posts go user by user)."""
    bodies = []
    for n in range(users):
        user = events.new_user()
        line.add_content(f"9{n:08d}", PHOTO)
        for event in (events.text(user, f"ถนนเป็นหลุมลึก ซอย {n}"), events.image(user, f"9{n:08d}"),
                      events.location(user, 13.7650, 100.5383, address="อนุสาวรีย์ชัยสมรภูมิ")):
            line.register_reply_token(event["replyToken"], user)
            bodies.append(events.body(event))
    return bodies


def _post(port: int, body: bytes) -> None:
    """Send one signed webhook; it must be acknowledged."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/callback", data=body, method="POST",
                                     headers={"Content-Type": "application/json",
                                              "X-Line-Signature": signature_of(body, SECRET)})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200, response.status


def _wait_drained(url: str, expected: int, timeout: float = 600) -> None:
    """Until every event is processed and every outbox row has left the queue."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as connection:
                busy = connection.execute(text(
                    "SELECT (SELECT count(*) FROM inbox_events WHERE status IN "
                    "('pending', 'processing')) + (SELECT count(*) FROM outbox_messages WHERE "
                    "status IN ('pending', 'sending')), (SELECT count(*) FROM inbox_events)"
                )).one()
            if busy[0] == 0 and busy[1] == expected:
                return
            time.sleep(0.2)
        raise RuntimeError("the inbox was not drained in time")
    finally:
        engine.dispose()


def _figures(url: str, line: FakeLineApi, posted: int) -> dict:
    """Throughput and the once-only checks."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        first, last_processed = connection.execute(text(
            "SELECT min(processed_at), max(processed_at) FROM inbox_events")).one()
        last_sent = connection.execute(text("SELECT max(sent_at) FROM outbox_messages")).scalar()
        twice = connection.execute(text(
            "SELECT count(*) FROM inbox_events WHERE attempts > 1")).scalar()
        unsent = connection.execute(text(
            "SELECT count(*) FROM outbox_messages WHERE status <> 'sent'")).scalar()
    engine.dispose()
    elapsed = (max(last_processed, last_sent or last_processed) - first).total_seconds()
    replies = [r.json.get("replyToken") for r in line.requests
               if r.path.endswith("/message/reply") and r.status == 200]
    pushes = [r.headers.get("x-line-retry-key") for r in line.requests
              if r.path.endswith("/message/push") and r.status == 200]
    return {"events": posted, "rate": posted / max(elapsed, 1e-9), "sent": len(line.deliveries),
            "twice": twice, "tokens_twice": len(replies) - len(set(replies)),
            "pushes_twice": len(pushes) - len(set(pushes)), "unsent": unsent}


if __name__ == "__main__":
    sys.exit(main())
