"""Jobs fixtures: the session's SQS queues (emptied per test) and real Celery messages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from apps.jobs.runtime import send_now
from teacherseat.queues import QUEUES, queue_url, sqs_client
from teacherseat.testing.jobs import wait_until


class Queues:
    """The embedded SQS of the test session, with helpers to plant dead letters."""

    def __init__(self) -> None:
        self.client = sqs_client()

    def raw_message(self, task: str, **kwargs: Any) -> dict[str, Any]:
        """Send ``task`` as the app does (``send_now``) and take the raw SQS message back
        off its queue: a real Celery message, body and all."""
        queue = "webhooks" if task.startswith("webhooks.") else "default"
        send_now(task, kwargs)

        def receive() -> list[dict[str, Any]]:
            reply = self.client.receive_message(
                QueueUrl=queue_url(queue), MaxNumberOfMessages=1, AttributeNames=["All"]
            )
            return list(reply.get("Messages", []))

        message = wait_until(receive, timeout=5)[0]
        self.client.delete_message(
            QueueUrl=queue_url(queue), ReceiptHandle=message["ReceiptHandle"]
        )
        return message

    def dead_letter(self, task: str, *, queue: str = "default", **kwargs: Any) -> str:
        """Put a real task message straight into ``queue``'s DLQ; returns its message id."""
        return self.dead_body(self.raw_message(task, **kwargs)["Body"], queue=queue)

    def dead_body(self, body: str, *, queue: str = "default") -> str:
        reply = self.client.send_message(QueueUrl=queue_url(f"{queue}-dlq"), MessageBody=body)
        return str(reply["MessageId"])

    def bodies(self, queue: str) -> list[str]:
        """Every message body now in ``queue`` (left there: visibility 0)."""
        url = queue_url(queue)
        seen: dict[str, str] = {}
        for _ in range(20):
            reply = self.client.receive_message(
                QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=0
            )
            for message in reply.get("Messages", []):
                seen[message["MessageId"]] = message["Body"]
            if len(seen) >= self.visible(queue):
                break
        return list(seen.values())

    def visible(self, queue: str) -> int:
        attributes = self.client.get_queue_attributes(
            QueueUrl=queue_url(queue), AttributeNames=["ApproximateNumberOfMessages"]
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"])


def drain(client: Any) -> None:
    """Delete every visible message of every queue and DLQ. (Not PurgeQueue: SQS, and the
    embedded endpoint, allow one purge per queue per 60 seconds.)"""
    for name in QUEUES:
        for url in (queue_url(name), queue_url(f"{name}-dlq")):
            while messages := client.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get(
                "Messages", []
            ):
                client.delete_message_batch(
                    QueueUrl=url,
                    Entries=[
                        {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                        for i, m in enumerate(messages)
                    ],
                )


@pytest.fixture
def queues() -> Iterator[Queues]:
    """Empty queues before and after the test (other tests' messages never leak in)."""
    client = sqs_client()
    drain(client)
    yield Queues()
    drain(client)
