"""Benchmark a whole report end to end: signed webhooks in, the bot's answers out at a fake LINE API.

    python bench/e2e.py [--rate 50] [--seconds 60] [--workers 1] [--posters 8] [--postgres URL]

Starts the Procfile's release, web and worker lines (the worker --workers times) on a fresh database,
then starts --rate new reports a second for --seconds. Each simulated citizen sends a text, a photo and
a location, taps the category chip when asked, then confirms, each step after the bot's answer to the
previous one, as a person would. Prints p50/p95/p99 from each webhook to the answer LINE received, and
checks that every report made exactly one case and that no event was answered twice or not at all.
The load costs little, so the figures are Chaeng's: no thread per citizen, --posters threads post
the steps over kept-alive connections, and the fake LINE server hands each answer to its citizen.
"""
from __future__ import annotations

import argparse
import http.client
import os
import queue
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scratch  # noqa: E402
from bench.cpu import backends_cpu, group_cpu, transactions  # noqa: E402
from bench.webhook import (SECRET, _free_port, _wait_until_up, channel_env,  # noqa: E402
                           procfile_lines)
from bot.line.webhook import signature_of  # noqa: E402
from tests.fakes.line_api import FakeLineApi  # noqa: E402
from tests.support import events, images  # noqa: E402

PHOTO = images.jpeg(640, 480)
TEXT = "ถนนเป็นหลุมลึกมาก รถจักรยานยนต์ล้มหลายคันแล้ว ซอย {n}"
PLACE = (13.7650, 100.5383)


class TimedLine(FakeLineApi):
    """The fake LINE API, handing each answer to the citizen waiting for it (no thread waits)."""

    def __init__(self):
        super().__init__()
        self.answered: dict[str, int] = {}  # reply token -> times LINE accepted a reply with it
        self.waiting: dict[str, "Citizen"] = {}  # reply token or user id -> who waits for it
        self._table = threading.Lock()

    def _serve_reply(self, rec, payload, match):
        answer = super()._serve_reply(rec, payload, match)
        if answer[0] == 200:
            token = payload["replyToken"]
            with self._table:
                self.answered[token] = self.answered.get(token, 0) + 1
                citizen = self.waiting.pop(token, None)
            if citizen is not None:
                citizen.answered(payload["messages"][-1])
        return answer

    def _serve_push(self, rec, payload, match):
        answer = super()._serve_push(rec, payload, match)
        if answer[0] == 200:
            with self._table:
                citizen = self.waiting.get(payload["to"])
            if citizen is not None:  # a push instead of the reply: the step was answered all the same
                citizen.answered(None)
        return answer

    def expect(self, token: str, citizen: "Citizen") -> None:
        """Hand the answer on this reply token (or a push to the citizen) to the citizen."""
        with self._table:
            self.waiting[token] = self.waiting[citizen.user] = citizen


class Citizen:
    """One person making one report, step by step: each step is posted after the answer to the last."""

    def __init__(self, n: int, run: "Run"):
        self.user, self.n, self.run = events.new_user(), n, run
        self.photo_id = f"{n}{secrets.randbelow(10**9)}"
        self.steps = ["text", "image", "location", "category", "confirm"]
        self.token, self.started = None, 0.0
        run.line.add_content(self.photo_id, PHOTO)

    def next_event(self, last: dict | None) -> dict | None:
        """The event of the next step, or None when the report is done."""
        while self.steps:
            step = self.steps.pop(0)
            if step == "text":
                return events.text(self.user, TEXT.format(n=self.n))
            if step == "image":
                return events.image(self.user, self.photo_id)
            if step == "location":
                return events.location(self.user, *PLACE, address="อนุสาวรีย์ชัยสมรภูมิ")
            if step == "category":
                chips = (last or {}).get("quickReply", {}).get("items", [])
                if last and last.get("type") == "text" and chips \
                        and chips[0]["action"]["type"] == "postback":
                    return events.postback(self.user, chips[0]["action"]["data"])
                continue  # the bot did not ask: straight to confirming
            return events.postback(self.user, "a=confirm")
        return None

    def answered(self, last: dict | None) -> None:
        """LINE received the answer to the current step: note the time, queue the next step."""
        with self.run.line._table:
            if self.token is None:
                return  # a second answer to the same step (a push after the reply) is no step
            self.run.line.waiting.pop(self.token, None)
            self.run.line.waiting.pop(self.user, None)
            self.token = None
        self.run.latencies.append(time.monotonic() - self.started)
        self.run.outbox.put((self, last))


class Run:
    """The load: a few posting threads with kept-alive connections, fed by a queue of steps."""

    def __init__(self, base: str, line: TimedLine, posters: int):
        self.base, self.line = base, line
        self.latencies: list[float] = []
        self.problems: list[str] = []
        self.outbox: queue.Queue = queue.Queue()
        self.done = threading.Semaphore(0)
        self.threads = [threading.Thread(target=self._post_steps, daemon=True)
                        for _ in range(posters)]
        for thread in self.threads:
            thread.start()

    def _post_steps(self) -> None:
        """Take (citizen, last answer) from the queue and post the citizen's next step."""
        host, port = self.base.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        while (item := self.outbox.get()) is not None:
            citizen, last = item
            event = citizen.next_event(last)
            if event is None:
                self.done.release()
                continue
            body = events.body(event)
            citizen.token, citizen.started = event["replyToken"], time.monotonic()
            self.line.expect(citizen.token, citizen)
            headers = {"Content-Type": "application/json",
                       "X-Line-Signature": signature_of(body, SECRET)}
            for retry in (False, True):
                try:
                    connection.request("POST", "/callback", body=body, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    if response.status != 200:
                        self.problems.append(f"webhook answered {response.status}")
                    break
                except (OSError, http.client.HTTPException) as error:
                    connection.close()  # reconnects on the next request
                    # gunicorn closes a connection idle past its keep-alive: send again, once,
                    # as LINE redelivers (the inbox keeps one copy of an event)
                    if retry or not isinstance(error, (ConnectionError,
                                                       http.client.RemoteDisconnected)):
                        self.problems.append(f"webhook failed: {type(error).__name__}")
                        break

    def stop(self) -> None:
        """Let the posting threads end."""
        for _ in self.threads:
            self.outbox.put(None)


def main() -> int:
    """Run the load, then check and print the figures."""
    options = _arguments()
    postgres = scratch.server_url(options.postgres)
    kind = "postgresql" if postgres else "sqlite"
    with tempfile.TemporaryDirectory() as folder, TimedLine() as line, \
            scratch.database(postgres, folder) as url:
        processes, base = _start(url, line, folder, options.workers)
        load_before, started_cpu = os.getloadavg(), _cpu_now(processes, url)
        started_transactions = transactions(url)
        try:
            latencies, problems, elapsed = _load(base, line, options)
            cpu = {name: seconds - started_cpu[name]  # start-up left out
                   for name, seconds in _cpu_now(processes, url).items()}
        finally:
            for process in processes:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        cases = _count_cases(url)
        committed = transactions(url) - started_transactions  # after exit: all flushed
    doubled = sum(times - 1 for times in line.answered.values() if times > 1)
    reports = options.rate * options.seconds
    _print(options, kind, latencies, problems, elapsed, reports, cases, doubled)
    print("CPU seconds in the run (per report): " + ", ".join(
        f"{name} {seconds:.0f} ({seconds / reports * 1000:.0f} ms)" for name, seconds in cpu.items()))
    if committed:
        print(f"PostgreSQL transactions per report: {committed / reports:.1f}")
    print("load average %.1f %.1f %.1f before, " % load_before
          + "%.1f %.1f %.1f after" % os.getloadavg())
    return 0 if not problems and cases == reports and doubled == 0 else 1


def _arguments():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=50, help="new reports per second")
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=1, help="worker processes (PostgreSQL: several)")
    parser.add_argument("--postgres", help="PostgreSQL URL with rights to create databases")
    parser.add_argument("--posters", type=int, default=8,
                        help="load generator threads posting webhooks (kept-alive connections)")
    return parser.parse_args()


def _start(url: str, line: FakeLineApi, folder: str, workers: int):
    """release, then web and the worker(s), exactly as the Procfile says."""
    port = _free_port()
    env = channel_env(port, url, line, folder, LOG_LEVEL="WARNING")
    procfile = procfile_lines()
    subprocess.run(procfile["release"], shell=True, env=env, cwd=ROOT, check=True, capture_output=True)
    log = open(Path(folder) / "server.log", "w")
    processes = [subprocess.Popen(procfile[kind], shell=True, env=env, cwd=ROOT, stdout=log,
                                  stderr=log, start_new_session=True)
                 for kind in ["web"] + ["worker"] * workers]
    _wait_until_up(port)
    return processes, f"http://127.0.0.1:{port}"


def _load(base: str, line: TimedLine, options) -> tuple[list, list, float]:
    """Start `rate` reports a second for `seconds`; wait until all are done or stuck for 60 s."""
    run = Run(base, line, options.posters)
    started = time.monotonic()
    citizens = []
    for n in range(options.rate * options.seconds):
        time.sleep(max(0.0, started + n / options.rate - time.monotonic()))
        citizens.append(Citizen(n, run))
        run.outbox.put((citizens[-1], None))
    finished = 0
    while finished < len(citizens) and run.done.acquire(timeout=60):
        finished += 1
    run.stop()
    stuck = len(citizens) - finished
    if stuck:
        run.problems += ["no answer within 60 s"] * stuck
    return run.latencies, run.problems, time.monotonic() - started


def _cpu_now(processes: list, url: str) -> dict[str, float]:
    """CPU seconds used so far by each part: the web line, the worker lines, PostgreSQL's backends
    for this database, and this process (the load generator and the fake LINE server)."""
    return {"web": group_cpu(processes[0].pid),
            "workers": sum(group_cpu(process.pid) for process in processes[1:]),
            "PostgreSQL": backends_cpu(url), "load generator and fake LINE": time.process_time()}


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
