"""An embedded SQS-compatible endpoint for `make run` and the tests.

Runs :mod:`teacherseat.sqslite` (our small in-memory server of the SQS JSON protocol; no
system service, no account) on a free loopback port, creates the queues with their
dead-letter queues, and fills the environment (``SQS_ENDPOINT_URL``,
``SQS_QUEUE_URL_BASE``, dummy AWS credentials) so that Django, the web server and the
Celery worker all use the same SQS code path as production. It replaced moto's server
mode, which managed ~70 requests/s here and capped the worker far below its targets.
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

ACCOUNT = "123456789012"  # the account id in every queue URL sqslite answers


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


def start(port: int | None = None, timeout: float = 30.0) -> EmbeddedSqs:
    """Start the endpoint and wait until it answers."""
    port = port or _free_port()
    endpoint = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-m", "teacherseat.sqslite", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(endpoint + "/health", timeout=1).close()  # noqa: S310
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
