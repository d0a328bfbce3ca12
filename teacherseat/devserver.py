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
import time
from types import FrameType

from teacherseat.embedded_db import configure_environment


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # SIGTERM would otherwise end the process without running atexit handlers, leaving
    # the embedded Postgres running; SystemExit unwinds normally.
    raise SystemExit(128 + signum)


def serve(command: list[str]) -> int:
    """Run the server in its own process group and stop the whole group on exit.

    runserver's autoreloader runs the real server as a child process; signalling only the
    reloader (as a SIGTERM to this process used to) left that child serving. Ctrl-C, a
    SIGTERM, or the server dying ends every process of the group.
    """
    server = subprocess.Popen(command, start_new_session=True)
    try:
        return server.wait()
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        stop_group(server)


def stop_group(server: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    """SIGINT the process group (a clean runserver exit), then SIGKILL what is left."""
    _signal_group(server.pid, signal.SIGINT)
    deadline = time.monotonic() + timeout
    while _signal_group(server.pid, 0) and time.monotonic() < deadline:
        server.poll()  # reap the group leader so it stops counting as alive
        time.sleep(0.1)
    _signal_group(server.pid, signal.SIGKILL)
    server.wait()


def _signal_group(pgid: int, sig: int) -> bool:
    """Send ``sig`` to the group (0 only checks); False when no process of it is left."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    return True


def main() -> int:
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
    configure_environment()
    address = os.environ.get("RUN_ADDRESS", "localhost:8000")
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")
    print(f"TeacherSeat is running on http://{address}/  (Ctrl-C to stop)", flush=True)
    return serve([sys.executable, "manage.py", "runserver", address])


if __name__ == "__main__":
    raise SystemExit(main())
