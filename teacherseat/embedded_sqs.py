"""An embedded SQS-compatible endpoint for `make run` and the tests.

Runs moto's server mode (a pip-installed dev dependency; no system service, no account) on
a free loopback port, creates the queues with their dead-letter queues, and fills the
environment (``SQS_ENDPOINT_URL``, ``SQS_QUEUE_URL_BASE``, dummy AWS credentials) so that
Django, the web server and the Celery worker all use the same SQS code path as production.
The endpoint keeps messages in memory: stopping it drops queued work, which the outbox
sweeper republishes for events.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass

ACCOUNT = "123456789012"  # moto's default account id, part of every queue URL


@dataclass
class EmbeddedSqs:
    process: subprocess.Popen[bytes]
    endpoint: str

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(
    port: int | None = None, timeout: float = 30.0, *, strict_purge: bool = True
) -> EmbeddedSqs:
    """Start the endpoint and wait until it answers.

    ``strict_purge=False`` lifts SQS's one-purge-per-minute rule (tests purge between cases).
    """
    port = port or _free_port()
    env = dict(os.environ)
    env["MOTO_SQS_ENFORCE_STRICT_QUEUE_PURGE_BEHAVIOUR"] = "true" if strict_purge else "false"
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=env,
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1).close()  # noqa: S310
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("the embedded SQS endpoint did not start") from None
            time.sleep(0.1)
    return EmbeddedSqs(process, endpoint)


def configure_environment(endpoint: str, prefix: str | None = None) -> None:
    os.environ["SQS_ENDPOINT_URL"] = endpoint
    os.environ["SQS_QUEUE_URL_BASE"] = f"{endpoint}/{ACCOUNT}/"
    if prefix is not None:
        os.environ["SQS_QUEUE_PREFIX"] = prefix
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "embedded")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "embedded")
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ.get("AWS_REGION", "us-east-1"))


def create_queues() -> None:
    """Create the queues (settings must read the environment configured above)."""
    from teacherseat.queues import create_all, sqs_client

    create_all(sqs_client())
