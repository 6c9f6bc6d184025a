"""CPU per webhook, in-process: Chaeng's /callback beside the floor's, with cProfile's call counts.

    python bench/webhook_cpu.py [--requests 3000] [--postgres URL] [--profile chaeng] [--top 25]

Builds each app from the environment as gunicorn does, on a fresh database, and calls its WSGI
entry directly with pre-built signed one-event requests (the environ is built before the clock
starts), so the figures are the app's own CPU, free of the HTTP server and of the machine's load:
process CPU ms per request, wall ms per request, and function calls per request under cProfile.
"""
from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

from werkzeug.test import EnvironBuilder

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import scratch  # noqa: E402
from bench.webhook import _write_bodies, channel_env, procfile_lines  # noqa: E402
from tests.fakes.line_api import FakeLineApi  # noqa: E402


def main() -> int:
    """Measure each (database, design) pair and print one line each."""
    options = _arguments()
    databases = [("sqlite", None)]
    postgres = scratch.server_url(options.postgres)
    if postgres:
        databases = [("postgresql", postgres)] + ([] if options.postgres_only else databases)
    with tempfile.TemporaryDirectory() as folder, FakeLineApi() as line:
        bodies = _write_bodies(Path(folder) / "bodies.tsv", options.requests * 2)
        pairs = [line.split("\t", 1) for line in bodies.read_text().splitlines()]
        for db_name, admin_url in databases:
            for design in options.designs:
                with scratch.database(admin_url, folder) as url:
                    result = _measure(design, url, line, pairs, folder, options)
                print(f"{db_name:10} {design:6} {result}", flush=True)
    return 0


def _arguments():
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=3000, help="measured requests per design")
    parser.add_argument("--postgres", help="PostgreSQL URL with rights to create databases")
    parser.add_argument("--postgres-only", action="store_true")
    parser.add_argument("--designs", nargs="+", default=["floor", "chaeng"],
                        choices=["floor", "chaeng"])
    parser.add_argument("--profile", choices=["floor", "chaeng"],
                        help="print cProfile's top functions for this design")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime")
    return parser.parse_args()


def _measure(design: str, url: str, line: FakeLineApi, pairs: list, folder: str, options) -> str:
    """Build the app as gunicorn would, warm it, then time and profile the measured requests."""
    env = channel_env(8000, url, line, folder)  # (no server listens)
    if design == "chaeng":
        import subprocess

        subprocess.run(procfile_lines()["release"], shell=True, env=env, cwd=ROOT, check=True,
                       capture_output=True)
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        module = importlib.import_module("bot" if design == "chaeng" else f"bench.apps.{design}")
        app = module.create_app()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    n = options.requests
    warm, measured = _environs(pairs[:n // 3]), _environs(pairs[n:2 * n])
    _run(app, warm)
    cpu, wall = time.process_time(), time.perf_counter()
    _run(app, measured[: n // 2])
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    profiler = cProfile.Profile()
    profiler.enable()
    _run(app, measured[n // 2:])
    profiler.disable()
    stats = pstats.Stats(profiler)
    calls = stats.total_calls / (n - n // 2)
    if options.profile == design:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(options.sort).print_stats(options.top)
        print(out.getvalue())
    _dispose(app)
    half = n // 2
    return (f"CPU {1000 * cpu / half:.3f} ms/request  wall {1000 * wall / half:.3f} ms/request  "
            f"{calls:.0f} calls/request")


def _environs(pairs: list) -> list[dict]:
    """WSGI environs of signed webhook posts, built before any clock starts."""
    built = []
    for signature, body in pairs:
        builder = EnvironBuilder(path="/callback", method="POST", data=body.encode(),
                                 headers={"X-Line-Signature": signature,
                                          "Content-Type": "application/json"})
        built.append(builder.get_environ())
    return built


def _run(app, environs: list[dict]) -> None:
    """Call the app on each environ and read its answer; any answer but 200 stops the bench."""
    for environ in environs:
        status = []
        answer = app(environ, lambda s, _h, _e=None: status.append(s))
        b"".join(answer)
        if hasattr(answer, "close"):
            answer.close()
        if not status[0].startswith("200"):
            raise RuntimeError(f"/callback answered {status[0]}")


def _dispose(app) -> None:
    """Close the app's pooled connections so its scratch database can be dropped."""
    runtime = app.extensions.get("chaeng")
    if runtime is not None:
        runtime.db.dispose()


if __name__ == "__main__":
    sys.exit(main())
