"""WORKER_PROCESSES: the Procfile's one worker line runs several worker processes (PostgreSQL only)."""
from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import time

log = logging.getLogger(__name__)
PR_SET_PDEATHSIG = 1


def run_processes(count: int, should_stop) -> None:
    """Run `count` copies of this worker command and keep them running until stopped: one that ends
    is started again, SIGTERM is passed on, and a SIGKILLed parent takes its children with it."""
    command = [sys.executable, *sys.argv]
    env = {**os.environ, "WORKER_PROCESSES": "1"}
    children = [_start(command, env) for _ in range(count)]
    try:
        while not should_stop():
            for n, child in enumerate(children):
                if child.poll() is not None:
                    log.warning("worker process %s ended with %s; starting another", child.pid,
                                child.returncode)
                    children[n] = _start(command, env)
            time.sleep(0.2)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            child.wait()


def _start(command: list[str], env: dict) -> subprocess.Popen:
    """One worker process, in this process's group, that dies when this process dies."""
    return subprocess.Popen(command, env=env, preexec_fn=_die_with_parent)


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this child when its parent dies, so no orphan keeps working unseen."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the process group still takes SIGTERM
        pass
