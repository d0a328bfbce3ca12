"""A throwaway Celery app over sqslite for tests/core/test_sqslite.py (not the project's).

The worker runs ``celery -A tests.core.sqslite_tasks worker`` with the endpoint, queue and
output file in its environment; each task appends its number to the file.
"""

from __future__ import annotations

import os

from celery import Celery


def make_app(broker_url: str, queue_url: str) -> Celery:
    app = Celery("sqslite_tasks", fixups=[])  # no Django fixup, whatever the environment
    app.conf.update(
        broker_url=broker_url,
        broker_transport_options={
            "region": "us-east-1",
            "is_secure": False,
            "predefined_queues": {"q": {"url": queue_url}},
            "wait_time_seconds": 1,
            "polling_interval": 0.1,
        },
        task_default_queue="q",
        task_serializer="json",
        accept_content=["json"],
        task_ignore_result=True,
        worker_enable_remote_control=False,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
    )
    return app


app = make_app(
    os.environ.get("SQSLITE_BROKER_URL", "sqs://"), os.environ.get("SQSLITE_QUEUE_URL", "")
)


@app.task(name="sqslite.append")
def append(number: int) -> None:
    # One write(2) on an O_APPEND descriptor: lines from concurrent threads never interleave.
    fd = os.open(os.environ["SQSLITE_OUT"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{number}\n".encode())
    finally:
        os.close(fd)
