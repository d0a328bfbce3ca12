"""The SQS queues the workers read, their URLs and dead-letter queues.

Two work queues: ``default`` (mail, jobs, event fan-out, housekeeping) and ``webhooks``
(deliveries to third parties, which can be slow and must not hold the rest up). Each has a
``<name>-dlq`` that SQS moves a message to after ``SQS_MAX_RECEIVES`` failed receives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.conf import settings

QUEUES = ("default", "webhooks")
DEFAULT_QUEUE = "default"


@dataclass(frozen=True)
class QueueInfo:
    name: str
    url: str
    dlq_url: str


def queue_name(name: str) -> str:
    return f"{settings.SQS_QUEUE_PREFIX}{name}"


def queue_url(name: str) -> str:
    return f"{settings.SQS_QUEUE_URL_BASE}{queue_name(name)}"


def queues() -> list[QueueInfo]:
    return [QueueInfo(name, queue_url(name), queue_url(f"{name}-dlq")) for name in QUEUES]


def sqs_client() -> Any:
    """A boto3 SQS client for the configured endpoint (ops commands, tests, the jobs screen)."""
    import boto3  # local import: only ops paths need it at import time

    kwargs: dict[str, Any] = {"region_name": settings.AWS_REGION}
    if settings.SQS_ENDPOINT_URL:
        kwargs["endpoint_url"] = settings.SQS_ENDPOINT_URL
    return boto3.client("sqs", **kwargs)


def depth(client: Any, url: str) -> dict[str, int]:
    """Visible, in-flight and delayed message counts of one queue."""
    attributes = client.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=[
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
            "ApproximateNumberOfMessagesDelayed",
        ],
    )["Attributes"]
    return {
        "visible": int(attributes.get("ApproximateNumberOfMessages", 0)),
        "in_flight": int(attributes.get("ApproximateNumberOfMessagesNotVisible", 0)),
        "delayed": int(attributes.get("ApproximateNumberOfMessagesDelayed", 0)),
    }


def create_all(client: Any) -> None:
    """Create every queue and its DLQ with the redrive policy (local endpoint and tests;
    production queues come from the CloudFormation template)."""
    for info in queues():
        dlq = client.create_queue(QueueName=info.dlq_url.rsplit("/", 1)[-1])["QueueUrl"]
        dlq_arn = client.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        client.create_queue(
            QueueName=info.url.rsplit("/", 1)[-1],
            Attributes={
                "VisibilityTimeout": str(settings.SQS_VISIBILITY_TIMEOUT),
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": settings.SQS_MAX_RECEIVES}
                ),
            },
        )


def purge_all(client: Any) -> None:
    for info in queues():
        for url in (info.url, info.dlq_url):
            client.purge_queue(QueueUrl=url)
