"""Run the Procfile's worker line as a real process, as a host does, and kill it as a bad day does."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def channel_env(settings, **extra) -> dict[str, str]:
    """The environment that gives a process the same channel, database and media as `settings`."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("LINE_") and key not in ("CHAENG_SIMULATOR", "DELIVERY")}
    env.update(LINE_CHANNEL_SECRET=settings.line_channel_secret,
               LINE_CHANNEL_ACCESS_TOKEN=settings.line_channel_access_token,
               LINE_API_BASE_URL=settings.line_api_base_url, DATABASE_URL=settings.database_url,
               MEDIA_DIR=settings.media_dir, MEDIA_URL=settings.media_url,
               S3_ENDPOINT_URL=settings.s3_endpoint_url, PUBLIC_BASE_URL=settings.public_base_url,
               PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    env.update({key: str(value) for key, value in extra.items()})
    return env


def start_worker(env: dict[str, str], log: Path, drain: bool = False) -> subprocess.Popen:
    """`flask --app bot worker` (the Procfile's line), its output appended to `log`."""
    command = ["flask", "--app", "bot", "worker"] + (["--drain"] if drain else [])
    with open(log, "ab") as out:
        return subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def kill(process: subprocess.Popen) -> None:
    """SIGKILL: no clean-up, no last commit, as when a host's machine dies."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def free_port() -> int:
    """A TCP port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
