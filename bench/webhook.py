"""Benchmark webhook acknowledgement: Chaeng's Procfile web line beside the floor and the in-request design.

    python bench/webhook.py [--seconds 10] [--connections 16] [--repeat 3] [--postgres URL] [--worker]

Runs wrk (apt-get install wrk) with distinct signed text events against, in turn:
  floor      a minimal Flask app under the same gunicorn that verifies the signature and inserts the body
  chaeng     the Procfile's `web` line, after its `release` line, on a fresh database
  inrequest  line-bot-sdk's echo example: replies inside the request to a fake LINE API with 50 ms latency
on SQLite (a fresh file) and, when --postgres or TEST_DATABASE_URL is given, on a fresh PostgreSQL database.
With --worker the Procfile's `worker` line runs beside Chaeng's web line, answering the events as they come.
Prints requests/s, p50/p99 latency, non-2xx answers, the CPU per request of the server's processes
and of PostgreSQL's backends for the run's database, and the ratios the proof issue sets as targets.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scratch  # noqa: E402
from bench.cpu import backends_cpu, group_cpu  # noqa: E402
from bot.line.webhook import signature_of  # noqa: E402
from tests.fakes.line_api import FakeLineApi  # noqa: E402
from tests.support import events  # noqa: E402

SECRET = "bench-channel-secret"
LATENCY = 0.05  # what a reply to LINE's API costs from a server in the region


class SlowLine(FakeLineApi):
    """The fake LINE API with a fixed latency on every call, as seen from a real server (the
    threaded loopback fake: each call waits in its own thread, so it keeps up with any load)."""

    def __init__(self):
        super().__init__()
        self._in_flight = 0
        self._counting = threading.Condition()

    def _answer(self, *args):
        with self._counting:
            self._in_flight += 1
        try:
            time.sleep(LATENCY)
            return super()._answer(*args)
        finally:
            with self._counting:
                self._in_flight -= 1
                self._counting.notify_all()

    def start_afresh(self) -> None:
        """Forget the used reply tokens once the last run's calls are answered: the rounds resend
        the same bodies, and a late call of the last run must not spend a token of the next."""
        with self._counting:
            self._counting.wait_for(lambda: self._in_flight == 0, timeout=30)
        self.reset()


def main() -> int:
    """Run every (design, database) pair and print the table."""
    options = _arguments()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2
    databases = [("sqlite", None)]
    postgres = scratch.server_url(options.postgres)
    if postgres:
        databases.append(("postgresql", postgres))
    with tempfile.TemporaryDirectory() as folder, SlowLine() as line:
        # More than a fast server takes in the 2 s warm-up: a repeat is a redelivery, which Chaeng
        # rightly does not store again, and would be counted as acknowledged but not stored.
        warm = _write_bodies(Path(folder) / "warm.tsv", 10_000)
        bodies = _write_bodies(Path(folder) / "bodies.tsv", max(20_000, options.seconds * 6_000))
        rows = []
        for db_name, server in databases:
            for run in range(1, options.repeat + 1):  # floor and Chaeng back to back, each round
                for design in options.designs:
                    line.start_afresh()
                    with scratch.database(server, folder) as url:
                        result = _measure(design, url, line, (warm, bodies), folder, options)
                    rows.append((db_name, run, design, result))
                    print(f"  {db_name:10} {run} {design:9} {_line(result)}", file=sys.stderr,
                          flush=True)
    _print_table(rows, options)
    return 0


def _arguments():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="measured seconds per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of the three designs (a shared machine is noisy)")
    parser.add_argument("--postgres", help="PostgreSQL URL with rights to create databases")
    parser.add_argument("--worker", action="store_true",
                        help="run the Procfile's worker beside Chaeng's web line, as in production")
    parser.add_argument("--designs", nargs="+", default=["floor", "chaeng", "inrequest"],
                        choices=["floor", "chaeng", "inrequest"],
                        help="a subset while working on one (the table's ratios need all three)")
    return parser.parse_args()


def _write_bodies(path: Path, count: int) -> Path:
    """Pre-sign more distinct one-event bodies than a run can send (wrk cannot sign)."""
    with path.open("w") as out:
        for n in range(count):
            body = events.body(events.text(events.new_user(), f"ถนนเป็นหลุม ซอย {n} อันตรายมาก"))
            out.write(f"{signature_of(body, SECRET)}\t{body.decode()}\n")
    return path


def _measure(design: str, url: str, line: FakeLineApi, bodies: tuple[Path, Path], folder: str,
             options) -> dict:
    """Start one design under gunicorn, warm it up, run wrk, stop it; return wrk's figures."""
    port = _free_port()
    env = channel_env(port, url, line, folder)
    procfile = procfile_lines()
    web = procfile["web"]
    if design == "chaeng":
        subprocess.run(procfile["release"], shell=True, env=env, cwd=ROOT, check=True,
                       capture_output=True)
    else:  # the same gunicorn line, another app
        web = web.replace("'bot:create_app()'", f"'bench.apps.{design}:create_app()'")
    log = open(Path(folder) / f"{design}.log", "w")
    server = subprocess.Popen(web, shell=True, env=env, cwd=ROOT, stdout=log, stderr=log,
                              start_new_session=True)
    processes = [server]
    if design == "chaeng" and options.worker:
        processes.append(subprocess.Popen(procfile["worker"], shell=True, env=env, cwd=ROOT,
                                          stdout=log, stderr=log, start_new_session=True))
    try:
        _wait_until_up(port)
        base = f"http://127.0.0.1:{port}/"
        try:
            warm = _wrk(base, bodies[0], 2, options)  # warm-up (its own events): imports, pools
            cpu = group_cpu(server.pid), backends_cpu(url)
            result = _wrk(base, bodies[1], options.seconds, options)
            # CPU per request is what the shared machine's load disturbs least.
            result["app_ms"] = (group_cpu(server.pid) - cpu[0]) * 1000 / result["requests"]
            result["db_ms"] = (backends_cpu(url) - cpu[1]) * 1000 / result["requests"]
        except RuntimeError:
            log.flush()
            print((Path(folder) / f"{design}.log").read_text()[-3000:], file=sys.stderr)
            raise
        acknowledged = sum(r["requests"] - r["non2xx"] for r in (warm, result))
        result["lost"] = max(0, acknowledged - _stored(design, url))
        return result
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        log.close()


def channel_env(port: int, url: str, line: FakeLineApi, folder: str, **extra: str) -> dict:
    """The environment of a real deployment pointed at the fake LINE API and a scratch database."""
    return {**os.environ, "PORT": str(port), "DATABASE_URL": url, "LINE_CHANNEL_SECRET": SECRET,
            "LINE_CHANNEL_ACCESS_TOKEN": line.access_token, "LINE_API_BASE_URL": line.base_url,
            "MEDIA_DIR": str(Path(folder) / "media"),
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}", **extra}


def procfile_lines() -> dict[str, str]:
    """The Procfile's process types and their command lines."""
    return dict(entry.split(":", 1) for entry in (ROOT / "Procfile").read_text().splitlines()
                if entry.strip() and not entry.startswith("#"))


def _wrk(base: str, bodies: Path, seconds: int, options) -> dict:
    """Run wrk once and read its summary."""
    done = subprocess.run(
        ["wrk", "-t", str(options.threads), "-c", str(options.connections), "-d", f"{seconds}s",
         "--latency", "--timeout", "10s", "-s", str(ROOT / "bench" / "webhook.lua"), base, "--",
         str(bodies), str(options.threads)], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"wrk failed: {done.stderr or done.stdout}")
    out = done.stdout
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
            "p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M)[1]),
            "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M)[1]),
            "requests": int(re.search(r"(\d+) requests in", out)[1]),
            "non2xx": int((re.search(r"Non-2xx or 3xx responses: (\d+)", out) or [0, 0])[1]),
            "errors": sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))}


def _stored(design: str, url: str) -> int:
    """How many events the design kept (the in-request design keeps none, so it loses none)."""
    table = {"chaeng": "inbox_events", "floor": "floor_bodies"}.get(design)
    if table is None:
        return 10**12
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    engine.dispose()
    return count


def _ms(value: str) -> float:
    """wrk's '1.23ms' / '456.00us' / '1.02s' in milliseconds."""
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)?", value)
    if match is None:
        raise ValueError(f"wrk printed a latency this script cannot read: {value!r}")
    number, unit = match.groups()
    scale = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, None: 1000}
    return float(number) * scale[unit]


def _free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(port: int) -> None:
    """Wait for /healthz to answer (503 counts: the web line is up, it only has no worker yet)."""
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server on port {port} did not start")


def _line(result: dict) -> str:
    """One result as text."""
    return (f"{result['rps']:8.0f} req/s  p50 {result['p50']:6.1f} ms  p99 {result['p99']:6.1f} ms  "
            f"non-2xx {result['non2xx']}  socket errors {result['errors']}  lost {result['lost']}  "
            f"CPU ms/request {result['app_ms']:.2f} + database {result['db_ms']:.2f}")


def _print_table(rows: list, options) -> None:
    """The Markdown table for docs/BENCHMARKS.md, with ratios against the same round's floor and
    in-request runs, then the median ratio of Chaeng over the rounds."""
    print(f"\nwrk: {options.connections} connections, {options.threads} threads, "
          f"{options.seconds} s per run; one text event per request\n")
    print("| database | round | design | requests/s | p50 ms | p99 ms | non-2xx | socket errors | "
          "acknowledged but not stored | × floor | × in-request | CPU ms/request | database CPU "
          "ms/request |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    by = {(db, run, design): result for db, run, design, result in rows}
    ratios: dict[str, list[tuple[float, float]]] = {}
    nan = {"rps": float("nan")}  # a design left out with --designs
    for db, run, design, result in rows:
        floor = by.get((db, run, "floor"), nan)["rps"]
        inrequest = by.get((db, run, "inrequest"), nan)["rps"]
        print(f"| {db} | {run} | {design} | {result['rps']:.0f} | {result['p50']:.1f} | "
              f"{result['p99']:.1f} | {result['non2xx']} | {result['errors']} | {result['lost']} | "
              f"{result['rps'] / floor:.2f} | {result['rps'] / inrequest:.1f} | "
              f"{result['app_ms']:.2f} | {result['db_ms']:.2f} |")
        if design == "chaeng":
            floor_cpu = by.get((db, run, "floor"), {}).get("app_ms", float("nan"))
            ratios.setdefault(db, []).append((result["rps"] / floor, result["rps"] / inrequest,
                                              result["app_ms"] / floor_cpu))
    print()
    for db, triples in ratios.items():
        print(f"{db}: Chaeng median {statistics.median(t[0] for t in triples):.2f} × floor, "
              f"{statistics.median(t[1] for t in triples):.1f} × in-request, CPU per request "
              f"{statistics.median(t[2] for t in triples):.2f} × the floor's over {len(triples)} "
              "round(s)")


if __name__ == "__main__":
    sys.exit(main())
