"""`make run`: the web app and the worker side by side, each restarted if it dies, stopped with Ctrl-C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

from bot.config import Settings

STEADY_SECONDS = 60  # a process that ran this long before dying starts its backoff afresh
MAX_PAUSE = 30


def main() -> int:
    """Start gunicorn and the worker; restart either one that stops, until Ctrl-C or SIGTERM."""
    settings = Settings.from_env()
    bin_dir = os.path.dirname(sys.executable)
    commands = {"web": [os.path.join(bin_dir, "gunicorn"), "--workers", "2", "--threads", "4",
                        "--bind", f"127.0.0.1:{settings.port}", "bot:create_app()"],
                "worker": [os.path.join(bin_dir, "flask"), "--app", "bot", "worker"]}
    where = f"http://127.0.0.1:{settings.port}"
    print(f"\nChaeng is running at {where}"
          + (f"\nLINE simulator: {where}/simulator" if settings.simulator else
             f"\nLINE webhook URL to set in the LINE console: <your https address>/callback"),
          flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    running = {name: subprocess.Popen(command) for name, command in commands.items()}
    if settings.simulator:  # LINE shows a rich menu only once the bot made one; make it for the page
        threading.Thread(target=make_rich_menu, args=(where, bin_dir), daemon=True).start()
    try:
        supervise(commands, running)
    except KeyboardInterrupt:
        pass
    finally:
        stop(running.values())
    return 0


def make_rich_menu(where: str, bin_dir: str, timeout: float = 60, env: dict | None = None) -> bool:
    """Once the web app answers, run `flask --app bot richmenu setup` against the simulator."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{where}/healthz", timeout=1)
            break
        except urllib.error.HTTPError:
            break  # 503 without a worker yet: the web app is up all the same
        except OSError:
            time.sleep(0.5)
    else:
        return False
    done = subprocess.run([os.path.join(bin_dir, "flask"), "--app", "bot", "richmenu", "setup"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    if done.returncode:
        print(f"the simulator's rich menu was not made: {done.stderr.strip()[-300:]}",
              file=sys.stderr, flush=True)
    return done.returncode == 0


def supervise(commands: dict[str, list[str]], running: dict[str, subprocess.Popen]) -> None:
    """Keep every command running: one that exits is started again after a growing pause."""
    started = dict.fromkeys(commands, time.monotonic())
    failures, due = dict.fromkeys(commands, 0), {}
    while True:
        now = time.monotonic()
        for name, process in running.items():
            if process.poll() is None or name in due:
                continue
            failures[name] = 1 if now - started[name] > STEADY_SECONDS else failures[name] + 1
            pause = min(MAX_PAUSE, 2 ** (failures[name] - 1))
            due[name] = now + pause
            print(f"{name} stopped (exit {process.returncode}); starting it again in {pause} s",
                  file=sys.stderr, flush=True)
        for name in [name for name, when in due.items() if when <= now]:
            del due[name]
            running[name], started[name] = subprocess.Popen(commands[name]), now
        time.sleep(0.2)


def _interrupt(*_) -> None:
    """Treat SIGTERM like Ctrl-C: stop both processes and exit."""
    raise KeyboardInterrupt


def stop(processes) -> None:
    """Ask every process to stop, then wait for it."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    sys.exit(main())
