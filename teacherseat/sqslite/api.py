"""The SQS operations: JSON-protocol request shapes in, response shapes out."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from teacherseat.sqslite.queues import Message, Queue, SqsError, invalid

ACCOUNT = "123456789012"
REGION = "us-east-1"
MAX_BATCH_BYTES = 1_048_576
Params = dict[str, Any]

_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")  # queue names and batch entry ids
_SETTINGS = {  # name: (lowest, highest, default)
    "VisibilityTimeout": (0, 43_200, 30),
    "DelaySeconds": (0, 900, 0),
    "MessageRetentionPeriod": (60, 1_209_600, 345_600),
    "MaximumMessageSize": (1024, 1_048_576, 1_048_576),
    "ReceiveMessageWaitTimeSeconds": (0, 20, 0),
}
_OPAQUE = {
    "Policy",
    "RedriveAllowPolicy",
    "KmsMasterKeyId",
    "KmsDataKeyReusePeriodSeconds",
    "SqsManagedSseEnabled",
}
_FIFO = "sqslite does not implement FIFO queues."


def md5_hex(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _field(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def attributes_md5(attributes: Params) -> str:
    """MD5 of message attributes as AWS documents it: by name in order, the name, the data
    type, a transport byte (1 string, 2 binary) and the value, each length-prefixed
    (4 bytes, big-endian) but the transport byte."""
    parts: list[bytes] = []
    for name in sorted(attributes):
        value = attributes[name]
        parts += _field(name.encode()), _field(value["DataType"].encode())
        if "StringValue" in value:
            parts += b"\x01", _field(value["StringValue"].encode())
        else:
            parts += b"\x02", _field(base64.b64decode(value["BinaryValue"], validate=True))
    return md5_hex(b"".join(parts))


def _missing(key: str) -> SqsError:
    return SqsError("MissingParameter", f"The request must contain the parameter {key}.")


def _text(params: Params, key: str) -> str:
    value = params.get(key)
    if not isinstance(value, str) or not value:
        raise _missing(key)
    return value


def _integer(params: Params, key: str, default: int | None, low: int, high: int) -> int:
    value = params.get(key)
    if value is None:
        if default is None:
            raise _missing(key)
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise invalid(key, value, "Must be an integer") from None
    if not low <= number <= high:
        raise invalid(key, value, f"Must be between {low} and {high}, if provided")
    return number


def _names(value: Any) -> set[str]:
    return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


def _message_attributes(value: Any) -> tuple[Params, str | None]:
    """The message attributes as sent (validated) and their MD5."""
    if not value:
        return {}, None
    try:
        if len(value) > 10:
            raise ValueError(value)
        return value, attributes_md5(value)
    except (AttributeError, KeyError, TypeError, ValueError):  # binascii.Error is a ValueError
        reason = "At most 10, each with a DataType and a StringValue or a BinaryValue"
        raise invalid("MessageAttributes", "...", reason) from None


def _entries(params: Params) -> list[Params]:
    entries = params.get("Entries")
    if not isinstance(entries, list) or not entries:
        raise SqsError("EmptyBatchRequest", "There should be at least one entry in the request.")
    if len(entries) > 10:
        raise SqsError("TooManyEntriesInBatchRequest", f"{len(entries)} entries: 10 at most.")
    seen: set[str] = set()
    for entry in entries:
        ident = entry.get("Id") if isinstance(entry, dict) else None
        if not isinstance(ident, str) or not _NAME.fullmatch(ident):
            raise SqsError(
                "InvalidBatchEntryId", f"Invalid entry id {ident!r}: 1 to 80 of A-Za-z0-9-_"
            )
        if ident in seen:
            raise SqsError("BatchEntryIdsNotDistinct", f"Id {ident} repeated.")
        seen.add(ident)
    return entries


def _batch(entries: list[Params], handle: Callable[[Params], Params]) -> Params:
    successful: list[Params] = []
    failed: list[Params] = []
    for entry in entries:
        try:
            successful.append({"Id": entry["Id"], **handle(entry)})
        except SqsError as e:
            failed.append(
                {"Id": entry["Id"], "SenderFault": True, "Code": e.code, "Message": e.message}
            )
    return {"Successful": successful, "Failed": failed}


def _ms(seconds: float) -> str:
    return str(int(seconds * 1000))


class Sqs:
    """Every queue of the server and the operations on them (one asyncio loop, no locks)."""

    def __init__(self, base_url: str = "http://127.0.0.1:9324") -> None:
        self.base_url = base_url
        self.queues: dict[str, Queue] = {}
        self.operations: dict[str, Callable[[Params], Params]] = {
            "CreateQueue": self.create_queue,
            "GetQueueUrl": self.get_queue_url,
            "ListQueues": self.list_queues,
            "DeleteQueue": self.delete_queue,
            "GetQueueAttributes": self.get_queue_attributes,
            "SetQueueAttributes": self.set_queue_attributes,
            "PurgeQueue": self.purge_queue,
            "SendMessage": self.send_message,
            "SendMessageBatch": self.send_message_batch,
            "DeleteMessage": self.delete_message,
            "DeleteMessageBatch": self.delete_message_batch,
            "ChangeMessageVisibility": self.change_message_visibility,
            "ChangeMessageVisibilityBatch": self.change_message_visibility_batch,
        }

    async def call(self, operation: str, params: Params, path: str = "/") -> Params:
        if "QueueUrl" not in params and path.count("/") >= 2:
            params["QueueUrl"] = path  # posted to the queue's URL
        if operation == "ReceiveMessage":
            return await self.receive_message(params)
        handler = self.operations.get(operation)
        if handler is None:
            raise SqsError("InvalidAction", f"The action {operation} is not valid.")
        return handler(params)

    def _queue(self, params: Params) -> Queue:
        name = _text(params, "QueueUrl").rstrip("/").rsplit("/", 1)[-1]
        queue = self.queues.get(name)
        if queue is None:
            raise SqsError("QueueDoesNotExist", "The specified queue does not exist.")
        return queue

    # -- queues -------------------------------------------------------------------------

    def _attributes(self, value: Any) -> dict[str, str]:
        """Settable queue attributes, validated and in canonical form."""
        if not isinstance(value, dict):
            return {}
        attributes: dict[str, str] = {}
        for name, raw in value.items():
            text = str(raw)
            if name in _SETTINGS:
                low, high, _ = _SETTINGS[name]
                if not (text.isdigit() and low <= int(text) <= high):
                    raise SqsError("InvalidAttributeValue", f"Invalid value for {name}: {text}.")
                attributes[name] = str(int(text))
            elif name == "RedrivePolicy":
                attributes[name] = self._redrive_policy(text)
            elif name in _OPAQUE:
                attributes[name] = text
            elif name == "FifoQueue" and text.lower() == "false":
                continue
            elif name == "FifoQueue":
                raise SqsError("UnsupportedOperation", _FIFO)
            else:
                raise SqsError("InvalidAttributeName", f"Unknown Attribute {name}.")
        return attributes

    def _redrive_policy(self, text: str) -> str:
        if not text:
            return ""  # removes the policy
        try:
            policy = json.loads(text)
            target, count = str(policy["deadLetterTargetArn"]), int(policy["maxReceiveCount"])
        except (ValueError, KeyError, TypeError):
            raise SqsError(
                "InvalidAttributeValue", f"Invalid value for the parameter RedrivePolicy: {text}"
            ) from None
        if not 1 <= count <= 1000:
            raise SqsError("InvalidAttributeValue", "maxReceiveCount must be 1 to 1000.")
        if target.rsplit(":", 1)[-1] not in self.queues:
            raise SqsError("InvalidAttributeValue", f"Dead-letter target {target} does not exist.")
        policy = {"deadLetterTargetArn": target, "maxReceiveCount": count}
        return json.dumps(policy, separators=(",", ":"))

    def _configure(self, queue: Queue, attributes: dict[str, str]) -> None:
        for name, value in attributes.items():
            if name == "RedrivePolicy" and not value:
                queue.attributes.pop(name, None)
            else:
                queue.attributes[name] = value
        queue.redrive = None
        if policy := queue.attributes.get("RedrivePolicy"):
            parsed = json.loads(policy)
            queue.redrive = (
                parsed["deadLetterTargetArn"].rsplit(":", 1)[-1],
                parsed["maxReceiveCount"],
            )
        queue.modified = int(time.time())

    def create_queue(self, params: Params) -> Params:
        name = _text(params, "QueueName")
        if name.endswith(".fifo"):
            raise SqsError("UnsupportedOperation", _FIFO)
        if not _NAME.fullmatch(name):
            raise invalid("QueueName", name, "1 to 80 alphanumeric characters, - or _")
        attributes = self._attributes(params.get("Attributes"))
        queue = self.queues.get(name)
        if queue is None:
            url, arn = f"{self.base_url}/{ACCOUNT}/{name}", f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
            queue = Queue(name, url, arn, {k: str(v[2]) for k, v in _SETTINGS.items()})
            self._configure(queue, attributes)
            self.queues[name] = queue
        for key, value in attributes.items():
            if queue.attributes.get(key, "") != value:
                raise SqsError(
                    "QueueNameExists",
                    f"A queue already exists with the same name and a different value for "
                    f"attribute {key}",
                )
        return {"QueueUrl": queue.url}

    def get_queue_url(self, params: Params) -> Params:
        return {"QueueUrl": self._queue({"QueueUrl": _text(params, "QueueName")}).url}

    def list_queues(self, params: Params) -> Params:
        prefix, after = params.get("QueueNamePrefix") or "", params.get("NextToken") or ""
        names = sorted(n for n in self.queues if n.startswith(prefix) and n > after)
        limit = _integer(params, "MaxResults", 1000, 1, 1000)
        answer: Params = {}
        if names:
            answer["QueueUrls"] = [self.queues[n].url for n in names[:limit]]
        if "MaxResults" in params and len(names) > limit:
            answer["NextToken"] = names[limit - 1]
        return answer

    def delete_queue(self, params: Params) -> Params:
        queue = self.queues.pop(self._queue(params).name)
        queue.deleted = True
        queue.wake()  # long polls on it answer at once
        return {}

    def get_queue_attributes(self, params: Params) -> Params:
        queue = self._queue(params)
        visible, in_flight, delayed = queue.depth(time.monotonic())
        known = {
            **queue.attributes,
            "QueueArn": queue.arn,
            "ApproximateNumberOfMessages": str(visible),
            "ApproximateNumberOfMessagesNotVisible": str(in_flight),
            "ApproximateNumberOfMessagesDelayed": str(delayed),
            "CreatedTimestamp": str(queue.created),
            "LastModifiedTimestamp": str(queue.modified),
        }
        names = _names(params.get("AttributeNames"))
        if "All" in names:
            return {"Attributes": known}
        for name in names - known.keys() - {"RedrivePolicy"} - _OPAQUE:
            raise SqsError("InvalidAttributeName", f"Unknown Attribute {name}.")
        attributes = {name: known[name] for name in names if name in known}
        return {"Attributes": attributes} if attributes else {}

    def set_queue_attributes(self, params: Params) -> Params:
        queue = self._queue(params)
        self._configure(queue, self._attributes(params.get("Attributes")))
        return {}

    def purge_queue(self, params: Params) -> Params:
        self._queue(params).purge()
        return {}

    # -- messages -----------------------------------------------------------------------

    def _send(self, queue: Queue, entry: Params, now: float) -> Params:
        body = _text(entry, "MessageBody")
        try:
            data = body.encode()
        except UnicodeEncodeError:
            raise SqsError("InvalidMessageContents", "Invalid characters in the body.") from None
        if len(data) > queue.setting("MaximumMessageSize"):
            limit = queue.setting("MaximumMessageSize")
            raise invalid("MessageBody", "...", f"Message must be shorter than {limit} bytes")
        delay = _integer(entry, "DelaySeconds", queue.setting("DelaySeconds"), 0, 900)
        attributes, digest = _message_attributes(entry.get("MessageAttributes"))
        message = Message(str(uuid.uuid4()), body, md5_hex(data), attributes, digest, time.time())
        queue.put(message, delay, now)
        answer = {"MessageId": message.id, "MD5OfMessageBody": message.md5}
        if digest:
            answer["MD5OfMessageAttributes"] = digest
        return answer

    def send_message(self, params: Params) -> Params:
        return self._send(self._queue(params), params, time.monotonic())

    def send_message_batch(self, params: Params) -> Params:
        queue, entries, now = self._queue(params), _entries(params), time.monotonic()
        if sum(len(str(e.get("MessageBody", ""))) for e in entries) > MAX_BATCH_BYTES:
            raise SqsError("BatchRequestTooLong", f"Batches are at most {MAX_BATCH_BYTES} bytes.")
        return _batch(entries, lambda entry: self._send(queue, entry, now))

    async def receive_message(self, params: Params) -> Params:
        queue = self._queue(params)
        limit = _integer(params, "MaxNumberOfMessages", 1, 1, 10)
        visibility = _integer(
            params, "VisibilityTimeout", queue.setting("VisibilityTimeout"), 0, 43_200
        )
        wait = _integer(
            params, "WaitTimeSeconds", queue.setting("ReceiveMessageWaitTimeSeconds"), 0, 20
        )
        system = _names(params.get("AttributeNames")) | _names(
            params.get("MessageSystemAttributeNames")
        )
        wanted = _names(params.get("MessageAttributeNames"))
        deadline = time.monotonic() + wait
        while True:
            now = time.monotonic()
            dead_letters = self.queues.get(queue.redrive[0]) if queue.redrive else None
            dead_letters = None if dead_letters is queue else dead_letters
            messages = queue.take(limit, visibility, now, dead_letters)
            if messages or now >= deadline or queue.deleted:
                break
            # Sleep until a message arrives or an in-flight/delayed one comes due.
            event, due = queue.event, queue.next_due()
            wake_at = deadline if due is None else min(deadline, due)
            try:
                async with asyncio.timeout(wake_at - now):
                    await event.wait()
            except TimeoutError:
                pass
        if not messages:
            return {}
        return {"Messages": [self._render(m, system, wanted) for m in messages]}

    @staticmethod
    def _render(message: Message, system: set[str], wanted: set[str]) -> Params:
        answer: Params = {
            "MessageId": message.id,
            "ReceiptHandle": message.receipt,
            "MD5OfBody": message.md5,
            "Body": message.body,
        }
        if system:
            values = {
                "SenderId": ACCOUNT,
                "SentTimestamp": _ms(message.sent),
                "ApproximateReceiveCount": str(message.receives),
                "ApproximateFirstReceiveTimestamp": _ms(message.first_receive),
            }
            if message.source_arn:
                values["DeadLetterQueueSourceArn"] = message.source_arn
            if "All" not in system:
                values = {k: v for k, v in values.items() if k in system}
            if values:
                answer["Attributes"] = values
        if wanted and message.attributes:
            chosen, digest = message.attributes, message.attributes_md5
            if not wanted & {"All", ".*"}:
                prefixes = tuple(w[:-1] for w in wanted if w.endswith(".*"))
                chosen = {k: v for k, v in chosen.items() if k in wanted or k.startswith(prefixes)}
                digest = attributes_md5(chosen) if chosen else None
            if chosen:
                answer["MessageAttributes"] = chosen
                answer["MD5OfMessageAttributes"] = digest
        return answer

    def delete_message(self, params: Params) -> Params:
        self._queue(params).delete(_text(params, "ReceiptHandle"))
        return {}

    def delete_message_batch(self, params: Params) -> Params:
        queue = self._queue(params)

        def delete(entry: Params) -> Params:
            queue.delete(_text(entry, "ReceiptHandle"))
            return {}

        return _batch(_entries(params), delete)

    def _change(self, queue: Queue, entry: Params, now: float) -> Params:
        timeout = _integer(entry, "VisibilityTimeout", None, 0, 43_200)
        queue.change_visibility(_text(entry, "ReceiptHandle"), timeout, now)
        return {}

    def change_message_visibility(self, params: Params) -> Params:
        return self._change(self._queue(params), params, time.monotonic())

    def change_message_visibility_batch(self, params: Params) -> Params:
        queue, entries, now = self._queue(params), _entries(params), time.monotonic()
        return _batch(entries, lambda entry: self._change(queue, entry, now))
