"""Queues and messages in memory: the state behind sqslite, with no I/O.

A message is in one state at a time: visible (in the ``visible`` deque), in flight or
delayed (in the ``hidden`` heap, keyed by the time it becomes visible), or gone. Entries
are never searched for: a state change bumps the message's generation, and the deque and
heap entries of older generations are skipped when they come up (and compacted away when
they pile up), so every operation costs O(1) or O(messages touched).
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import re
import secrets
import time
from collections import deque
from dataclasses import dataclass
from typing import Any

VISIBLE, IN_FLIGHT, DELAYED, GONE = 0, 1, 2, 3
_RECEIPT = re.compile(r"AQEB[A-Za-z0-9_-]{32}")
_order = itertools.count()  # ties in the heap: entries never compare their messages

# Error shapes whose legacy (query protocol) code differs from the shape name: botocore
# reads it from the ``x-amzn-query-error`` header.
LEGACY_CODES = {
    "QueueDoesNotExist": "AWS.SimpleQueueService.NonExistentQueue",
    "QueueNameExists": "QueueAlreadyExists",
    "MessageNotInflight": "AWS.SimpleQueueService.MessageNotInflight",
    "TooManyEntriesInBatchRequest": "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
    "EmptyBatchRequest": "AWS.SimpleQueueService.EmptyBatchRequest",
    "BatchEntryIdsNotDistinct": "AWS.SimpleQueueService.BatchEntryIdsNotDistinct",
    "BatchRequestTooLong": "AWS.SimpleQueueService.BatchRequestTooLong",
    "InvalidBatchEntryId": "AWS.SimpleQueueService.InvalidBatchEntryId",
    "UnsupportedOperation": "AWS.SimpleQueueService.UnsupportedOperation",
}


class SqsError(Exception):
    """An error answered to the client (HTTP 400): its modelled shape and a message."""

    def __init__(self, shape: str, message: str) -> None:
        super().__init__(message)
        self.shape = shape
        self.message = message
        self.code = LEGACY_CODES.get(shape, shape)


def invalid(parameter: str, value: object, reason: str) -> SqsError:
    return SqsError(
        "InvalidParameterValue",
        f"Value {value} for parameter {parameter} is invalid. Reason: {reason}.",
    )


def check_receipt(handle: str) -> None:
    """A handle this server could have issued passes (even if stale); anything else fails."""
    if not _RECEIPT.fullmatch(handle):
        raise SqsError("ReceiptHandleIsInvalid", f'The input receipt handle "{handle}" is invalid.')


@dataclass(eq=False, slots=True)
class Message:
    id: str
    body: str
    md5: str
    attributes: dict[str, Any]
    attributes_md5: str | None
    sent: float  # epoch seconds
    receives: int = 0
    first_receive: float = 0.0
    receipt: str = ""
    source_arn: str = ""  # the queue it was moved from to this dead-letter queue
    state: int = GONE
    generation: int = 0


class Queue:
    def __init__(self, name: str, url: str, arn: str, attributes: dict[str, str]) -> None:
        self.name, self.url, self.arn = name, url, arn
        self.attributes = attributes
        self.created = self.modified = int(time.time())
        self.redrive: tuple[str, int] | None = None  # dead-letter queue name, maxReceiveCount
        self.deleted = False
        self.visible: deque[tuple[Message, int]] = deque()
        self.hidden: list[tuple[float, int, Message, int]] = []
        self.receipts: dict[str, Message] = {}  # the latest receipt handle of each message
        self.counts = [0, 0, 0, 0]  # by state (the GONE slot is meaningless)
        self.event = asyncio.Event()  # set (and replaced) when messages become visible

    def setting(self, name: str) -> int:
        return int(self.attributes[name])

    # -- state changes --------------------------------------------------------------------

    def _move(self, message: Message, state: int) -> None:
        self.counts[message.state] -= 1
        self.counts[state] += 1
        message.state = state
        message.generation += 1

    def _show(self, message: Message, *, first: bool = False) -> None:
        self._move(message, VISIBLE)
        entry = (message, message.generation)
        if first:
            self.visible.appendleft(entry)
        else:
            self.visible.append(entry)
        self.wake()

    def _hide(self, message: Message, state: int, until: float) -> None:
        self._move(message, state)
        heapq.heappush(self.hidden, (until, next(_order), message, message.generation))
        if len(self.hidden) > 64 + 2 * (self.counts[IN_FLIGHT] + self.counts[DELAYED]):
            self.hidden = [e for e in self.hidden if e[2].generation == e[3]]
            heapq.heapify(self.hidden)

    def _drop(self, message: Message) -> None:
        self._move(message, GONE)
        self.receipts.pop(message.receipt, None)
        if len(self.visible) > 64 + 2 * self.counts[VISIBLE]:
            self.visible = deque(e for e in self.visible if e[0].generation == e[1])

    def wake(self) -> None:
        self.event.set()
        self.event = asyncio.Event()

    def mature(self, now: float) -> None:
        """Make visible the in-flight and delayed messages whose time has come."""
        hidden = self.hidden
        while hidden and hidden[0][0] <= now:
            _, _, message, generation = heapq.heappop(hidden)
            if message.generation == generation:
                self._show(message)

    def next_due(self) -> float | None:
        return self.hidden[0][0] if self.hidden else None

    # -- operations ---------------------------------------------------------------------

    def put(self, message: Message, delay: int, now: float) -> None:
        if delay > 0:
            self._hide(message, DELAYED, now + delay)
        else:
            self._show(message)

    def take(
        self, limit: int, visibility: int, now: float, dead_letters: Queue | None
    ) -> list[Message]:
        """Receive up to ``limit`` visible messages, moving to ``dead_letters`` those
        received ``maxReceiveCount`` times already."""
        self.mature(now)
        clock = time.time()
        oldest = clock - self.setting("MessageRetentionPeriod")
        taken: list[Message] = []
        while self.visible and len(taken) < limit:
            message, generation = self.visible.popleft()
            if message.generation != generation:
                continue
            if message.sent < oldest:
                self._drop(message)
            elif (
                dead_letters is not None and self.redrive and (message.receives >= self.redrive[1])
            ):
                self._drop(message)
                message.source_arn = self.arn
                dead_letters.put(message, 0, now)
            else:
                self.receipts.pop(message.receipt, None)
                message.receipt = "AQEB" + secrets.token_urlsafe(24)
                self.receipts[message.receipt] = message
                message.receives += 1
                message.first_receive = message.first_receive or clock
                self._hide(message, IN_FLIGHT, now + visibility)
                taken.append(message)
        return taken

    def delete(self, handle: str) -> None:
        message = self.receipts.get(handle)
        if message is None:
            check_receipt(handle)  # a stale handle is accepted and deletes nothing
        else:
            self._drop(message)

    def change_visibility(self, handle: str, timeout: int, now: float) -> None:
        message = self.receipts.get(handle)
        if message is None:
            check_receipt(handle)
            raise invalid(
                "ReceiptHandle",
                handle,
                "Message does not exist or is not available for visibility timeout change",
            )
        if message.state != IN_FLIGHT:
            raise SqsError("MessageNotInflight", "The message is not in flight.")
        if timeout == 0:
            self._show(message, first=True)
        else:
            self._hide(message, IN_FLIGHT, now + timeout)

    def purge(self) -> None:
        self.visible.clear()
        self.hidden.clear()
        self.receipts.clear()
        self.counts = [0, 0, 0, 0]

    def depth(self, now: float) -> tuple[int, int, int]:
        """Visible, in-flight and delayed message counts."""
        self.mature(now)
        return self.counts[VISIBLE], self.counts[IN_FLIGHT], self.counts[DELAYED]
