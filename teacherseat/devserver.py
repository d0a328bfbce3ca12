"""``make run``: embedded Postgres and SQS, migrations, demo data, a worker, the web server.

This process holds the embedded cluster for as long as the server runs; when it exits
(Ctrl-C, a SIGTERM, or a crash of the server or the worker) the worker, the embedded SQS
endpoint and the cluster are stopped cleanly and the next ``make run`` starts them again.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType

from teacherseat import embedded_sqs
from teacherseat.embedded_db import configure_environment


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)


def _exit_on_sigterm(signum: int, frame: FrameType | None) -> None:
    # SIGTERM would otherwise end the process without running atexit handlers, leaving
    # the embedded Postgres running; SystemExit unwinds normally.
    raise SystemExit(128 + signum)


WORKER_COMMAND = [
    sys.executable, "-m", "celery", "-A", "teacherseat", "worker", "--beat",
    "--pool", "threads", "--concurrency", "16", "--loglevel", "INFO",
    "--without-mingle", "--without-gossip", "--schedule", ".celerybeat-schedule",
]  # fmt: skip


def serve(command: list[str], worker_command: list[str] | None = None) -> int:
    """Run the server (and the worker) in process groups of their own; stop both on exit.

    runserver's autoreloader runs the real server as a child process; signalling only the
    reloader (as a SIGTERM to this process used to) left that child serving. Ctrl-C, a
    SIGTERM, or the server or the worker dying ends every process of both groups.
    """
    server = subprocess.Popen(command, start_new_session=True)
    worker = subprocess.Popen(worker_command, start_new_session=True) if worker_command else None
    try:
        while True:
            if server.poll() is not None:
                return server.returncode
            if worker is not None and worker.poll() is not None:
                print("The worker stopped; stopping the server.", flush=True)
                return worker.returncode or 1
            time.sleep(0.5)
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        # A second Ctrl-C must not cut the clean-up short (and leave processes behind).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if worker is not None:
            stop_group(worker, sig=signal.SIGTERM)
        stop_group(server)


def stop_group(
    server: subprocess.Popen[bytes], timeout: float = 5.0, sig: int = signal.SIGINT
) -> None:
    """``sig`` to the process group (a clean exit), then SIGKILL what is left."""
    _signal_group(server.pid, sig)
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
    sqs = None
    if not os.environ.get("SQS_QUEUE_URL_BASE"):  # no SQS configured: start the embedded one
        sqs = embedded_sqs.start()
        embedded_sqs.configure_environment(sqs.endpoint)
    try:
        address = os.environ.get("RUN_ADDRESS", "localhost:8000")
        manage("migrate", "--no-input", "-v", "0")
        if sqs is not None:
            embedded_sqs.create_queues()
        manage("seed_demo")
        print(f"TeacherSeat is running on http://{address}/  (Ctrl-C to stop)", flush=True)
        print("A background worker (Celery) runs beside it.", flush=True)
        return serve([sys.executable, "manage.py", "runserver", address], WORKER_COMMAND)
    finally:
        if sqs is not None:
            sqs.stop()


if __name__ == "__main__":
    raise SystemExit(main())
