"""``make run``: embedded Postgres, migrations, demo data, then the development server.

This process holds the embedded cluster for as long as the server runs; when it exits
(Ctrl-C, a SIGTERM, or a crash of the server) the cluster is stopped cleanly and the next
``make run`` starts it again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from types import FrameType

from teacherseat.embedded_db import configure_environment


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # SIGTERM would otherwise end the process without running atexit handlers, leaving
    # the embedded Postgres running; SystemExit unwinds normally.
    raise SystemExit(128 + signum)


def serve(address: str) -> int:
    server = subprocess.Popen([sys.executable, "manage.py", "runserver", address])
    try:
        return server.wait()
    except (KeyboardInterrupt, SystemExit):
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        return 0


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
    configure_environment()
    address = os.environ.get("RUN_ADDRESS", "localhost:8000")
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")
    print(f"TeacherSeat is running on http://{address}/  (Ctrl-C to stop)", flush=True)
    return serve(address)


if __name__ == "__main__":
    raise SystemExit(main())
