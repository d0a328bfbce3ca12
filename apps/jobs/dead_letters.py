"""Dead letters: messages SQS moved to a ``<queue>-dlq`` after too many failed receives.

SQS cannot filter or look up a message by id, so every operation here walks a dead-letter
queue: it receives the messages (hiding them for :data:`HOLD_SECONDS`), keeps those it
wants, and makes every other one visible again at once. Two people walking the same queue
at the same moment may each miss the messages the other holds; nothing is lost.

Academies see only messages whose task keyword ``tenant_id`` is theirs; the operator
command passes ``tenant_id=None`` to see all. A message that cannot be decoded, or that
carries no tenant, belongs to no academy.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from apps.jobs.errors import QueueUnavailable
from apps.jobs.runtime import BadMessage, decode_message
from teacherseat.queues import QUEUES, depth, queue_url, sqs_client

logger = logging.getLogger(__name__)

HOLD_SECONDS = 30  # long enough to walk a queue without receiving a message twice
SCAN_LIMIT = 1000  # messages walked per dead-letter queue and operation
WAIT_SECONDS = 1  # long polling: a short poll may miss messages of a small queue

_ID_KEY = re.compile(r"^[a-z][a-z0-9_]{0,40}_id$|^id$")
_ID_TEXT = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


BROKER_ERRORS: tuple[type[Exception], ...] = (BotoCoreError, ClientError)


@contextmanager
def broker_call() -> Iterator[None]:
    """Turn an SQS failure into 503 ``queue_unavailable`` (for the API)."""
    try:
        yield
    except BROKER_ERRORS as exc:
        logger.warning("SQS call failed: %s", exc)
        raise QueueUnavailable("The job queue did not answer; try again shortly.") from exc


@dataclass(frozen=True)
class DeadLetter:
    message_id: str
    queue: str  # the source queue ("default"), not the DLQ
    task: str
    task_id: str
    tenant_id: int | None
    received_count: int
    sent_at: datetime | None
    ids: dict[str, int | str]  # the task's id arguments (``job_id``…), nothing else
    body: str
    attributes: dict[str, Any]
    receipt_handle: str

    @property
    def summary(self) -> str:
        """``task(job_id=3, …)``: the task and its id arguments, never other values."""
        arguments = ", ".join(f"{key}={value}" for key, value in sorted(self.ids.items()))
        return f"{self.task}({arguments})"

    def as_json(self) -> dict[str, Any]:
        """The academy-facing shape (no body, no arguments beyond ids)."""
        return {
            "message_id": self.message_id,
            "queue": self.queue,
            "task": self.task,
            "task_id": self.task_id,
            "received_count": self.received_count,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "summary": self.summary,
        }


def _tenant_of(kwargs: dict[str, Any]) -> int | None:
    value = kwargs.get("tenant_id")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _id_arguments(kwargs: dict[str, Any]) -> dict[str, int | str]:
    ids: dict[str, int | str] = {}
    for key, value in kwargs.items():
        if key == "tenant_id" or not isinstance(key, str) or not _ID_KEY.match(key):
            continue
        if _is_id_value(value):
            ids[key] = value
    return ids


def _is_id_value(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and bool(_ID_TEXT.match(value)))


def _sent_at(attributes: dict[str, str]) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(attributes["SentTimestamp"]) / 1000, tz=UTC)
    except (KeyError, ValueError, OverflowError):
        return None


def parse(queue: str, message: dict[str, Any]) -> DeadLetter:
    """One received SQS message as a dead letter (undecodable ones belong to no academy)."""
    body = str(message.get("Body", ""))
    attributes = message.get("Attributes", {})
    try:
        task, _args, kwargs, task_id = decode_message(body)
    except BadMessage:
        task, kwargs, task_id = "(undecodable)", {}, ""
    try:
        received = int(attributes.get("ApproximateReceiveCount", 0))
    except ValueError:
        received = 0
    return DeadLetter(
        message_id=str(message.get("MessageId", "")),
        queue=queue,
        task=task[:200],
        task_id=task_id[:64],
        tenant_id=_tenant_of(kwargs),
        received_count=received,
        sent_at=_sent_at(attributes),
        ids=_id_arguments(kwargs),
        body=body,
        attributes=dict(message.get("MessageAttributes", {})),
        receipt_handle=str(message.get("ReceiptHandle", "")),
    )


@contextmanager
def _held(client: Any, queue: str) -> Iterator[dict[str, DeadLetter]]:
    """The dead letters of ``queue`` by message id, held invisible; on exit those still in
    the mapping are made visible again (pop a message once it is deleted)."""
    url = queue_url(f"{queue}-dlq")
    expected = min(depth(client, url)["visible"], SCAN_LIMIT)
    held: dict[str, DeadLetter] = {}
    received = 0
    try:
        while received < expected:
            reply = client.receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=10,
                VisibilityTimeout=HOLD_SECONDS,
                WaitTimeSeconds=WAIT_SECONDS,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
            messages = reply.get("Messages", [])
            if not messages:
                break
            received += len(messages)
            for message in messages:
                # A walk slower than HOLD_SECONDS may receive a message again: keep the
                # newest receipt handle, the only one SQS honours.
                letter = parse(queue, message)
                held[letter.message_id] = letter
        yield held
    finally:
        _release(client, url, list(held.values()))


def _release(client: Any, url: str, letters: list[DeadLetter]) -> None:
    for start in range(0, len(letters), 10):
        client.change_message_visibility_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": letter.receipt_handle, "VisibilityTimeout": 0}
                for i, letter in enumerate(letters[start : start + 10])
            ],
        )


def _selected_queues(queue: str | None) -> tuple[str, ...]:
    if queue is None:
        return QUEUES
    if queue not in QUEUES:
        raise ValueError(f"unknown queue {queue!r}; use one of {', '.join(QUEUES)}")
    return (queue,)


def _wanted(
    tenant_id: int | None, message_ids: Collection[str] | None
) -> Callable[[DeadLetter], bool]:
    def wanted(letter: DeadLetter) -> bool:
        if tenant_id is not None and letter.tenant_id != tenant_id:
            return False
        return message_ids is None or letter.message_id in message_ids

    return wanted


def list_dead_letters(
    *, tenant_id: int | None, queue: str | None = None, limit: int = 100, client: Any = None
) -> list[DeadLetter]:
    """Dead letters of one academy (``tenant_id``) or of all (None), oldest first."""
    client = client or sqs_client()
    wanted = _wanted(tenant_id, None)
    found: list[DeadLetter] = []
    for name in _selected_queues(queue):
        with _held(client, name) as held:
            found += [letter for letter in held.values() if wanted(letter)]
    found.sort(key=lambda letter: letter.sent_at or datetime.max.replace(tzinfo=UTC))
    return found[:limit]


def redrive(
    *,
    tenant_id: int | None,
    message_ids: Collection[str] | None = None,
    queue: str | None = None,
    client: Any = None,
) -> int:
    """Send the chosen dead letters back to their source queue, then delete them from the
    DLQ (a crash in between leaves a duplicate, which idempotent tasks tolerate). Returns
    how many moved."""
    if message_ids is not None and not message_ids:
        return 0
    client = client or sqs_client()
    wanted = _wanted(tenant_id, set(message_ids) if message_ids is not None else None)
    moved = 0
    for name in _selected_queues(queue):
        with _held(client, name) as held:
            for letter in [letter for letter in held.values() if wanted(letter)]:
                send: dict[str, Any] = {"QueueUrl": queue_url(name), "MessageBody": letter.body}
                if letter.attributes:
                    send["MessageAttributes"] = letter.attributes
                client.send_message(**send)
                client.delete_message(
                    QueueUrl=queue_url(f"{name}-dlq"), ReceiptHandle=letter.receipt_handle
                )
                del held[letter.message_id]
                moved += 1
    return moved


def purge(*, queue: str, client: Any = None) -> int:
    """Delete every message of ``queue``'s DLQ (operators only); returns the count before."""
    client = client or sqs_client()
    url = queue_url(f"{_selected_queues(queue)[0]}-dlq")
    counts = depth(client, url)
    client.purge_queue(QueueUrl=url)
    return counts["visible"] + counts["in_flight"] + counts["delayed"]
