"""Benchmark a whole report end to end: signed webhooks in, the bot's answers out at a fake LINE API.

    python bench/e2e.py [--rate 50] [--seconds 60] [--workers 1] [--postgres URL]

Starts the Procfile's release, web and worker lines (the worker --workers times) on a fresh database,
then starts --rate new reports a second for --seconds. Each simulated citizen sends a text, a photo and
a location, taps the category chip when asked, then confirms, each step after the bot's answer to the
previous one, as a person would. Prints p50/p95/p99 from each webhook to the answer LINE received, and
checks that every report made exactly one case and that no event was answered twice or not at all.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import os
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.webhook import (SECRET, _database, _free_port, _wait_until_up, channel_env,  # noqa: E402
                           procfile_lines)
from bot.line.webhook import signature_of  # noqa: E402
from tests.fakes.line_api import FakeLineApi  # noqa: E402
from tests.support import events, images  # noqa: E402

PHOTO = images.jpeg(640, 480)
TEXT = "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว ซอย {n}"
PLACE = (13.7650, 100.5383)


class TimedLine(FakeLineApi):
    """The fake LINE API, noting when each reply token was used and waking whoever waits for it."""

    def __init__(self):
        super().__init__()
        self.answered: dict[str, list[float]] = {}
        self.pushed: dict[str, int] = {}
        self._arrived = threading.Condition()

    def _serve_reply(self, rec, payload, match):
        answer = super()._serve_reply(rec, payload, match)
        if answer[0] == 200:
            self._note(self.answered, payload["replyToken"], time.monotonic())
        return answer

    def _serve_push(self, rec, payload, match):
        answer = super()._serve_push(rec, payload, match)
        if answer[0] == 200:
            with self._arrived:
                self.pushed[payload["to"]] = self.pushed.get(payload["to"], 0) + 1
                self._arrived.notify_all()
        return answer

    def _note(self, table: dict, key: str, when: float) -> None:
        with self._arrived:
            table.setdefault(key, []).append(when)
            self._arrived.notify_all()

    def wait_reply(self, token: str, user: str, pushes_before: int, timeout: float) -> str | None:
        """Block until the token is answered (or a push reaches the user instead); which one."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                if token in self.answered:
                    return "reply"
                if self.pushed.get(user, 0) > pushes_before:
                    return "push"
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._arrived.wait(left)

    def last_message(self, token: str) -> dict | None:
        """The last message of the reply sent with this token."""
        for delivery in reversed(self.deliveries):
            if delivery.reply_token == token:
                return delivery.messages[-1]
        return None


class Citizen:
    """One person making one report, step by step."""

    def __init__(self, n: int, base: str, line: TimedLine, latencies: list, problems: list):
        self.user, self.n, self.base, self.line = events.new_user(), n, base, line
        self.latencies, self.problems = latencies, problems

    def report(self) -> None:
        """Text, photo, location, category if asked, confirm."""
        photo_id = f"{self.n}{secrets.randbelow(10**9)}"
        self.line.add_content(photo_id, PHOTO)
        last = None
        for event in (events.text(self.user, TEXT.format(n=self.n)), events.image(self.user, photo_id),
                      events.location(self.user, *PLACE, address="อนุสาวรีย์ชัยสมรภูมิ")):
            last = self.step(event)
        chips = (last or {}).get("quickReply", {}).get("items", [])
        if last and last.get("type") == "text" and chips and chips[0]["action"]["type"] == "postback":
            self.step(events.postback(self.user, chips[0]["action"]["data"]))
        self.step(events.postback(self.user, "a=confirm"))

    def step(self, event: dict) -> dict | None:
        """Post one event and wait for the bot's answer to it; return the answer's last message."""
        body = events.body(event)
        token = event["replyToken"]
        self.line.register_reply_token(token, self.user)
        pushes_before = self.line.pushed.get(self.user, 0)
        started = time.monotonic()
        request = urllib.request.Request(f"{self.base}/callback", data=body, method="POST", headers={
            "Content-Type": "application/json", "X-Line-Signature": signature_of(body, SECRET)})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                if response.status != 200:
                    self.problems.append(f"webhook answered {response.status}")
        except OSError as error:
            self.problems.append(f"webhook failed: {error}")
            return None
        how = self.line.wait_reply(token, self.user, pushes_before, timeout=60)
        if how is None:
            self.problems.append("no answer within 60 s")
            return None
        self.latencies.append(time.monotonic() - started)
        return self.line.last_message(token) if how == "reply" else None


def main() -> int:
    """Run the load, then check and print the figures."""
    options = _arguments()
    postgres = options.postgres or os.environ.get("TEST_DATABASE_URL")
    kind = "postgresql" if postgres else "sqlite"
    with tempfile.TemporaryDirectory() as scratch, TimedLine() as line, \
            _database(kind, postgres, scratch) as url:
        processes, base = _start(url, line, scratch, options.workers)
        try:
            latencies, problems, elapsed = _load(base, line, options)
        finally:
            for process in processes:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        cases = _count_cases(url)
    doubled = sum(len(times) - 1 for times in line.answered.values() if len(times) > 1)
    reports = options.rate * options.seconds
    _print(options, kind, latencies, problems, elapsed, reports, cases, doubled)
    return 0 if not problems and cases == reports and doubled == 0 else 1


def _arguments():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=50, help="new reports per second")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL: several)")
    parser.add_argument("--postgres", help="PostgreSQL URL with rights to create databases")
    return parser.parse_args()


def _start(url: str, line: FakeLineApi, scratch: str, workers: int):
    """release, then web and the worker(s), exactly as the Procfile says."""
    port = _free_port()
    env = channel_env(port, url, line, scratch, LOG_LEVEL="WARNING")
    procfile = procfile_lines()
    subprocess.run(procfile["release"], shell=True, env=env, cwd=ROOT, check=True, capture_output=True)
    log = open(Path(scratch) / "server.log", "w")
    processes = [subprocess.Popen(procfile[kind], shell=True, env=env, cwd=ROOT, stdout=log,
                                  stderr=log, start_new_session=True)
                 for kind in ["web"] + ["worker"] * workers]
    _wait_until_up(port)
    return processes, f"http://127.0.0.1:{port}"


def _load(base: str, line: TimedLine, options) -> tuple[list, list, float]:
    """Start `rate` reports a second for `seconds`, each in its own thread; wait for all."""
    latencies, problems = [], []
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=options.rate * 20) as pool:
        futures = []
        for n in range(options.rate * options.seconds):
            due = started + n / options.rate
            time.sleep(max(0.0, due - time.monotonic()))
            futures.append(pool.submit(Citizen(n, base, line, latencies, problems).report))
        for future in futures:
            future.result()
    return latencies, problems, time.monotonic() - started


def _count_cases(url: str) -> int:
    """How many cases the run made."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM cases")).scalar_one()
    engine.dispose()
    return count


def _print(options, kind, latencies, problems, elapsed, reports, cases, doubled) -> None:
    """The figures as a Markdown table row, and what went wrong."""
    ordered = sorted(latencies) or [float("nan")]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    print(f"\n{reports} reports at {options.rate}/s for {options.seconds} s on {kind} with "
          f"{options.workers} worker(s): {len(latencies)} answers in {elapsed:.0f} s\n")
    print("| database | workers | reports/s | answers | p50 ms | p95 ms | p99 ms | cases made | "
          "answered twice | unanswered or failed |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {kind} | {options.workers} | {options.rate} | {len(latencies)} | {pct(0.5):.0f} | "
          f"{pct(0.95):.0f} | {pct(0.99):.0f} | {cases}/{reports} | {doubled} | {len(problems)} |")
    if latencies:
        print(f"\nmean {statistics.mean(latencies) * 1000:.0f} ms")
    for problem in sorted(set(problems))[:10]:
        print(f"problem: {problem} (x{problems.count(problem)})")


if __name__ == "__main__":
    sys.exit(main())
