"""`make run`: the web app and the worker side by side, stopped together with Ctrl-C."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from bot.config import Settings


def main() -> int:
    """Start gunicorn and the worker; when either stops, stop the other."""
    settings = Settings.from_env()
    bin_dir = os.path.dirname(sys.executable)
    web = [os.path.join(bin_dir, "gunicorn"), "--workers", "2", "--threads", "4",
           "--bind", f"127.0.0.1:{settings.port}", "bot:create_app()"]
    work = [os.path.join(bin_dir, "flask"), "--app", "bot", "worker"]
    processes = [subprocess.Popen(web), subprocess.Popen(work)]
    where = f"http://127.0.0.1:{settings.port}"
    print(f"\nChaeng is running at {where}"
          + (f"\nLINE simulator: {where}/simulator" if settings.simulator else
             f"\nLINE webhook URL to set in the LINE console: <your https address>/callback"),
          flush=True)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        process.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
