"""sqslite, the in-memory SQS endpoint: every operation through boto3, the HTTP details
clients rely on, a real Celery worker over it, and its throughput (printed)."""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.core.sqslite_tasks import make_app

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "123456789012"

# MD5OfMessageAttributes vectors published with the npm package aws-md5-of-message-attributes
# (computed independently of this server, following AWS's documented algorithm).
STRING = {"attribName1": {"DataType": "String", "StringValue": "attribValue 1"}}
NUMBER = {
    "customNumberTypeAttrib": {
        "DataType": "Number.float",
        "StringValue": "4563442423554324324264524243.32543234",
    }
}
BINARY = {"binaryAttribute": {"DataType": "Binary", "BinaryValue": b"Hello binary world!"}}
VECTORS = [
    (STRING, "19e27d4e946b072f3f58da80d94fd778"),
    (NUMBER, "9fe1b90bbd9965bdf77bac517c7d2495"),
    (BINARY, "31a92b15d92f8db860eda32aceb656c3"),
    ({**STRING, **NUMBER, **BINARY}, "c932db14a896c663f83c260297d594ff"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "teacherseat.sqslite", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
    )


@pytest.fixture(scope="module")
def endpoint():
    port = _free_port()
    process = _start(port)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            urllib.request.urlopen(url + "/health", timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, "sqslite exited at start"
            assert time.monotonic() < deadline, "sqslite did not answer"
            time.sleep(0.05)
    yield url
    process.terminate()
    assert process.wait(timeout=10) == 0  # SIGTERM is a clean stop


def _client(endpoint: str) -> Any:
    return boto3.client(
        "sqs",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )


@pytest.fixture(scope="module")
def sqs(endpoint):
    return _client(endpoint)


@pytest.fixture
def make_queue(sqs):
    def make(prefix: str = "q", **attributes: str) -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:12]}"
        return sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]

    return make


def _attributes(sqs: Any, url: str, *names: str) -> dict[str, str]:
    return sqs.get_queue_attributes(QueueUrl=url, AttributeNames=list(names)).get("Attributes", {})


def _depth(sqs: Any, url: str) -> tuple[int, int, int]:
    counts = _attributes(
        sqs,
        url,
        "ApproximateNumberOfMessages",
        "ApproximateNumberOfMessagesNotVisible",
        "ApproximateNumberOfMessagesDelayed",
    )
    return (
        int(counts["ApproximateNumberOfMessages"]),
        int(counts["ApproximateNumberOfMessagesNotVisible"]),
        int(counts["ApproximateNumberOfMessagesDelayed"]),
    )


def _receive(sqs: Any, url: str, **kwargs: Any) -> list[dict[str, Any]]:
    return sqs.receive_message(QueueUrl=url, **kwargs).get("Messages", [])


def _code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return excinfo.value.response["Error"]["Code"]


# -- the process and HTTP -------------------------------------------------------------------


def test_any_get_answers_200_for_readiness(endpoint):
    for path in ("/health", "/", "/anything"):
        with urllib.request.urlopen(endpoint + path, timeout=5) as response:
            assert response.status == 200


def test_port_zero_picks_a_free_port_and_announces_the_endpoint():
    process = _start(0)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        assert line.startswith("sqslite listening on http://127.0.0.1:")
        url = line.split()[-1]
        with urllib.request.urlopen(url + "/health", timeout=5) as response:
            assert response.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0


def test_keep_alive_serves_many_requests_on_one_connection(endpoint, make_queue):
    url = make_queue()
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(endpoint).port, timeout=5)
    conn.connect()
    sock = conn.sock
    for i in range(3):
        conn.request(
            "POST",
            "/",
            json.dumps({"QueueUrl": url, "MessageBody": f"m{i}"}),
            {"X-Amz-Target": "AmazonSQS.SendMessage", "Content-Type": "application/x-amz-json-1.0"},
        )
        response = conn.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type") == "application/x-amz-json-1.0"
        assert (
            json.loads(response.read())["MD5OfMessageBody"]
            == hashlib.md5(f"m{i}".encode()).hexdigest()
        )
    assert conn.sock is sock  # the same connection throughout
    conn.close()


def _raw(
    endpoint: str, target: str | None, body: bytes | str, path: str = "/"
) -> tuple[int, dict[str, str], Any]:
    conn = http.client.HTTPConnection("127.0.0.1", urlsplit(endpoint).port, timeout=5)
    headers = {"Content-Type": "application/x-amz-json-1.0"}
    if target:
        headers["X-Amz-Target"] = target
    conn.request("POST", path, body, headers)
    response = conn.getresponse()
    answer = response.status, dict(response.getheaders()), json.loads(response.read() or b"{}")
    conn.close()
    return answer


def test_protocol_errors_are_json_errors(endpoint):
    status, headers, body = _raw(endpoint, "AmazonSQS.Nope", b"{}")
    assert status == 400 and body["__type"] == "com.amazonaws.sqs#InvalidAction"
    status, _, body = _raw(endpoint, "AmazonSQS.ListQueues", b"not json")
    assert status == 400 and body["__type"].endswith("#SerializationException")
    status, _, body = _raw(endpoint, None, b"Action=ListQueues")
    assert status == 400 and "JSON protocol" in body["message"]
    status, headers, body = _raw(
        endpoint, "AmazonSQS.GetQueueUrl", json.dumps({"QueueName": "no-such-queue"})
    )
    assert status == 400
    assert body == {
        "__type": "com.amazonaws.sqs#QueueDoesNotExist",
        "message": "The specified queue does not exist.",
    }
    assert headers["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender"


def test_a_request_posted_to_the_queue_url_names_the_queue(endpoint, sqs, make_queue):
    url = make_queue()
    sqs.send_message(QueueUrl=url, MessageBody="by path")
    status, _, body = _raw(endpoint, "AmazonSQS.ReceiveMessage", b"{}", path=urlsplit(url).path)
    assert status == 200 and body["Messages"][0]["Body"] == "by path"


# -- queues ---------------------------------------------------------------------------------


def test_create_get_list_and_delete_queues(endpoint, sqs):
    name = f"life-{uuid.uuid4().hex[:8]}"
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    assert url == f"{endpoint}/{ACCOUNT}/{name}"
    assert sqs.create_queue(QueueName=name)["QueueUrl"] == url  # idempotent
    assert (
        sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "30"})["QueueUrl"] == url
    )  # the same attribute values
    with pytest.raises(sqs.exceptions.QueueNameExists):
        sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "31"})
    assert sqs.get_queue_url(QueueName=name)["QueueUrl"] == url

    others = [sqs.create_queue(QueueName=f"{name}-{i}")["QueueUrl"] for i in range(3)]
    assert sqs.list_queues(QueueNamePrefix=name)["QueueUrls"] == [url, *others]
    assert "QueueUrls" not in sqs.list_queues(QueueNamePrefix=f"absent-{name}")
    page = sqs.list_queues(QueueNamePrefix=name, MaxResults=3)
    assert page["QueueUrls"] == [url, *others[:2]]
    rest = sqs.list_queues(QueueNamePrefix=name, MaxResults=3, NextToken=page["NextToken"])
    assert rest["QueueUrls"] == others[2:] and "NextToken" not in rest

    sqs.delete_queue(QueueUrl=url)
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName=name)
    assert sqs.list_queues(QueueNamePrefix=name)["QueueUrls"] == others


def test_invalid_queue_names_and_fifo_queues_are_refused(sqs):
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="bad name!")
    assert _code(excinfo) == "InvalidParameterValue"
    with pytest.raises(sqs.exceptions.UnsupportedOperation):
        sqs.create_queue(QueueName="jobs.fifo", Attributes={"FifoQueue": "true"})


@pytest.mark.parametrize(
    "call",
    [
        lambda sqs, url: sqs.send_message(QueueUrl=url, MessageBody="x"),
        lambda sqs, url: sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1),
        lambda sqs, url: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"]),
        lambda sqs, url: sqs.purge_queue(QueueUrl=url),
        lambda sqs, url: sqs.delete_queue(QueueUrl=url),
    ],
)
def test_a_missing_queue_raises_queue_does_not_exist(endpoint, sqs, call):
    with pytest.raises(sqs.exceptions.QueueDoesNotExist) as excinfo:
        call(sqs, f"{endpoint}/{ACCOUNT}/never-created")
    error = excinfo.value.response["Error"]
    assert error["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert error["QueryErrorCode"] == "QueueDoesNotExist"


def test_queue_attributes(sqs, make_queue):
    url = make_queue(VisibilityTimeout="5", MessageRetentionPeriod="600")
    name = url.rsplit("/", 1)[-1]
    everything = _attributes(sqs, url, "All")
    assert everything["QueueArn"] == f"arn:aws:sqs:us-east-1:{ACCOUNT}:{name}"
    assert everything["VisibilityTimeout"] == "5"
    assert everything["MessageRetentionPeriod"] == "600"
    assert everything["DelaySeconds"] == "0"
    assert abs(int(everything["CreatedTimestamp"]) - time.time()) < 60
    assert "RedrivePolicy" not in everything
    assert _attributes(sqs, url, "VisibilityTimeout", "QueueArn") == {
        "VisibilityTimeout": "5",
        "QueueArn": everything["QueueArn"],
    }
    assert _attributes(sqs, url) == {}

    for body in ("a", "b"):
        sqs.send_message(QueueUrl=url, MessageBody=body)
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=60)
    assert len(_receive(sqs, url)) == 1
    assert _depth(sqs, url) == (1, 1, 1)

    sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "7"})
    assert _attributes(sqs, url, "VisibilityTimeout") == {"VisibilityTimeout": "7"}
    with pytest.raises(sqs.exceptions.InvalidAttributeName):
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"Colour": "blue"})
    with pytest.raises(sqs.exceptions.InvalidAttributeName):
        sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Colour"])
    with pytest.raises(sqs.exceptions.InvalidAttributeValue):
        sqs.set_queue_attributes(QueueUrl=url, Attributes={"VisibilityTimeout": "-1"})


def test_a_queue_delay_applies_unless_the_message_sets_its_own(sqs, make_queue):
    url = make_queue(DelaySeconds="60")
    sqs.send_message(QueueUrl=url, MessageBody="queue delay")
    sqs.send_message(QueueUrl=url, MessageBody="no delay", DelaySeconds=0)
    assert [m["Body"] for m in _receive(sqs, url, MaxNumberOfMessages=10)] == ["no delay"]
    assert _depth(sqs, url) == (0, 1, 1)


# -- messages -------------------------------------------------------------------------------


def test_send_receive_delete_with_md5s_botocore_accepts(sqs, make_queue):
    url = make_queue()
    for attributes, digest in VECTORS:
        sent = sqs.send_message(QueueUrl=url, MessageBody="héllo ✓", MessageAttributes=attributes)
        assert sent["MD5OfMessageBody"] == hashlib.md5("héllo ✓".encode()).hexdigest()
        assert sent["MD5OfMessageAttributes"] == digest
    plain = sqs.send_message(QueueUrl=url, MessageBody="plain")
    assert "MD5OfMessageAttributes" not in plain

    received = _receive(sqs, url, MaxNumberOfMessages=10, MessageAttributeNames=["All"])
    assert [m["MessageAttributes"] for m in received[:4]] == [v[0] for v in VECTORS]
    assert [m["MD5OfMessageAttributes"] for m in received[:4]] == [v[1] for v in VECTORS]
    assert received[4]["MessageId"] == plain["MessageId"]
    assert "MessageAttributes" not in received[4]
    assert received[0]["MD5OfBody"] == hashlib.md5("héllo ✓".encode()).hexdigest()
    assert received[0]["Body"] == "héllo ✓"
    assert "Attributes" not in received[0]  # none asked for

    for message in received:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    assert _depth(sqs, url) == (0, 0, 0)


def test_receive_returns_the_message_attributes_asked_for(sqs, make_queue):
    url = make_queue()
    attributes = {
        **STRING,
        "app.tenant": {"DataType": "String", "StringValue": "acme"},
        "app.kind": {"DataType": "String", "StringValue": "mail"},
    }
    sqs.send_message(QueueUrl=url, MessageBody="x", MessageAttributes=attributes)
    message = _receive(sqs, url, MessageAttributeNames=["attribName1"], VisibilityTimeout=0)[0]
    assert message["MessageAttributes"] == STRING
    assert message["MD5OfMessageAttributes"] == VECTORS[0][1]
    message = _receive(sqs, url, MessageAttributeNames=["app.*"], VisibilityTimeout=0)[0]
    assert set(message["MessageAttributes"]) == {"app.tenant", "app.kind"}
    message = _receive(sqs, url, MessageAttributeNames=["absent"], VisibilityTimeout=0)[0]
    assert "MessageAttributes" not in message


def test_receive_returns_the_system_attributes_asked_for(sqs, make_queue):
    url = make_queue()
    before = int(time.time() * 1000)
    sqs.send_message(QueueUrl=url, MessageBody="x")
    message = _receive(sqs, url, MessageSystemAttributeNames=["All"], VisibilityTimeout=0)[0]
    attributes = message["Attributes"]
    assert set(attributes) == {
        "SenderId",
        "SentTimestamp",
        "ApproximateReceiveCount",
        "ApproximateFirstReceiveTimestamp",
    }
    assert (
        before
        <= int(attributes["SentTimestamp"])
        <= int(attributes["ApproximateFirstReceiveTimestamp"])
    )
    assert attributes["ApproximateReceiveCount"] == "1"
    again = _receive(sqs, url, AttributeNames=["ApproximateReceiveCount"])[0]
    assert again["Attributes"] == {"ApproximateReceiveCount": "2"}


def test_visibility_timeout_expires_and_the_message_comes_back(sqs, make_queue):
    url = make_queue(VisibilityTimeout="1")
    sqs.send_message(QueueUrl=url, MessageBody="retry me")
    first = _receive(sqs, url)[0]
    assert _receive(sqs, url) == []
    assert _depth(sqs, url) == (0, 1, 0)
    time.sleep(1.2)
    assert _depth(sqs, url) == (1, 0, 0)
    second = _receive(sqs, url, AttributeNames=["ApproximateReceiveCount"])[0]
    assert second["MessageId"] == first["MessageId"]
    assert second["ReceiptHandle"] != first["ReceiptHandle"]  # new on every receive
    assert second["Attributes"]["ApproximateReceiveCount"] == "2"

    sqs.delete_message(QueueUrl=url, ReceiptHandle=first["ReceiptHandle"])  # stale: accepted
    assert _depth(sqs, url) == (0, 1, 0)  # ... and deletes nothing
    sqs.delete_message(QueueUrl=url, ReceiptHandle=second["ReceiptHandle"])
    assert _depth(sqs, url) == (0, 0, 0)
    sqs.delete_message(QueueUrl=url, ReceiptHandle=second["ReceiptHandle"])  # twice: fine


def test_change_message_visibility(sqs, make_queue):
    url = make_queue()
    sqs.send_message(QueueUrl=url, MessageBody="x")
    message = _receive(sqs, url, VisibilityTimeout=30)[0]
    assert _receive(sqs, url) == []
    sqs.change_message_visibility(
        QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
    )
    message = _receive(sqs, url, VisibilityTimeout=1)[0]  # visible again at once
    sqs.change_message_visibility(
        QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=3
    )
    time.sleep(1.3)
    assert _receive(sqs, url) == []  # extended past the first timeout

    sqs.change_message_visibility(
        QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=0
    )
    with pytest.raises(sqs.exceptions.MessageNotInflight):
        sqs.change_message_visibility(
            QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=5
        )
    sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    with pytest.raises(ClientError) as excinfo:
        sqs.change_message_visibility(
            QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=5
        )
    assert _code(excinfo) == "InvalidParameterValue"


def test_a_receive_visibility_timeout_of_zero_leaves_the_message_visible(sqs, make_queue):
    url = make_queue()
    sqs.send_message(QueueUrl=url, MessageBody="peek")
    assert len(_receive(sqs, url, VisibilityTimeout=0)) == 1
    assert len(_receive(sqs, url, VisibilityTimeout=0)) == 1


def test_malformed_message_attributes_are_refused(endpoint, make_queue):
    url = make_queue()
    for attributes in (
        {"a": {"DataType": "String"}},
        {"a": {"DataType": "Binary", "BinaryValue": "%%%"}},
        {"a": {"StringValue": "no type"}},
        {"a": "x"},
        {f"a{i}": {"DataType": "String", "StringValue": "v"} for i in range(11)},
    ):
        request = {"QueueUrl": url, "MessageBody": "x", "MessageAttributes": attributes}
        status, _, body = _raw(endpoint, "AmazonSQS.SendMessage", json.dumps(request))
        assert status == 400
        assert body["__type"] == "com.amazonaws.sqs#InvalidParameterValue"


def test_receipt_handles_this_server_never_issued_are_invalid(sqs, make_queue):
    url = make_queue()
    with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid):
        sqs.delete_message(QueueUrl=url, ReceiptHandle="garbage")
    sqs.delete_message(QueueUrl=url, ReceiptHandle="AQEB" + "x" * 32)  # well-formed: accepted


def test_parameters_out_of_range_are_refused(sqs, make_queue):
    url = make_queue()
    for kwargs in (
        {"MaxNumberOfMessages": 11},
        {"MaxNumberOfMessages": 0},
        {"WaitTimeSeconds": 21},
    ):
        with pytest.raises(ClientError) as excinfo:
            sqs.receive_message(QueueUrl=url, **kwargs)
        assert _code(excinfo) == "InvalidParameterValue"
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=url, MessageBody="x", DelaySeconds=901)
    assert _code(excinfo) == "InvalidParameterValue"
    with pytest.raises(ClientError) as excinfo:
        sqs.send_message(QueueUrl=url, MessageBody="")
    assert _code(excinfo) == "MissingParameter"


# -- long polling ---------------------------------------------------------------------------


def test_long_poll_wakes_as_soon_as_a_message_arrives(endpoint, sqs, make_queue):
    url = make_queue()
    sender = _client(endpoint)
    thread = threading.Timer(0.5, lambda: sender.send_message(QueueUrl=url, MessageBody="now"))
    start = time.monotonic()
    thread.start()
    messages = _receive(sqs, url, WaitTimeSeconds=10)
    elapsed = time.monotonic() - start
    thread.join()
    assert [m["Body"] for m in messages] == ["now"]
    assert 0.4 < elapsed < 3


def test_long_poll_without_messages_waits_its_time_and_answers_empty(sqs, make_queue):
    url = make_queue()
    start = time.monotonic()
    assert _receive(sqs, url, WaitTimeSeconds=1) == []
    assert 0.9 < time.monotonic() - start < 3


def test_long_poll_wakes_when_an_in_flight_message_comes_back(sqs, make_queue):
    url = make_queue(VisibilityTimeout="1")
    sqs.send_message(QueueUrl=url, MessageBody="x")
    assert len(_receive(sqs, url)) == 1
    start = time.monotonic()
    assert len(_receive(sqs, url, WaitTimeSeconds=10)) == 1
    assert 0.8 < time.monotonic() - start < 3


def test_a_delayed_message_arrives_after_its_delay(sqs, make_queue):
    url = make_queue()
    sqs.send_message(QueueUrl=url, MessageBody="later", DelaySeconds=1)
    assert _receive(sqs, url) == []
    assert _depth(sqs, url) == (0, 0, 1)
    start = time.monotonic()
    assert [m["Body"] for m in _receive(sqs, url, WaitTimeSeconds=10)] == ["later"]
    assert 0.7 < time.monotonic() - start < 3


def test_the_queue_wait_time_is_the_default_long_poll(sqs, make_queue):
    url = make_queue(ReceiveMessageWaitTimeSeconds="1")
    start = time.monotonic()
    assert _receive(sqs, url) == []
    assert time.monotonic() - start > 0.9


def test_deleting_a_queue_ends_its_long_polls(endpoint, sqs, make_queue):
    url = make_queue()
    deleter = _client(endpoint)
    thread = threading.Timer(0.3, lambda: deleter.delete_queue(QueueUrl=url))
    start = time.monotonic()
    thread.start()
    assert _receive(sqs, url, WaitTimeSeconds=10) == []
    thread.join()
    assert time.monotonic() - start < 3


# -- dead letters, batches, purge -----------------------------------------------------------


def test_redrive_moves_a_message_to_the_dead_letter_queue_after_max_receives(sqs, make_queue):
    dlq = make_queue("dlq")
    dlq_arn = _attributes(sqs, dlq, "QueueArn")["QueueArn"]
    policy = {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2}
    url = make_queue(RedrivePolicy=json.dumps(policy))
    assert json.loads(_attributes(sqs, url, "RedrivePolicy")["RedrivePolicy"]) == policy
    sent = sqs.send_message(QueueUrl=url, MessageBody="poison")

    for _ in range(2):  # received (and not deleted) maxReceiveCount times
        assert len(_receive(sqs, url, VisibilityTimeout=0)) == 1
    assert _receive(sqs, url) == []  # the third receive moves it instead
    assert _depth(sqs, url) == (0, 0, 0)
    assert _depth(sqs, dlq) == (1, 0, 0)
    dead = _receive(sqs, dlq, MessageSystemAttributeNames=["All"])[0]
    assert dead["MessageId"] == sent["MessageId"] and dead["Body"] == "poison"
    assert (
        dead["Attributes"]["DeadLetterQueueSourceArn"]
        == _attributes(sqs, url, "QueueArn")["QueueArn"]
    )

    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": ""})
    assert "RedrivePolicy" not in _attributes(sqs, url, "All")
    with pytest.raises(sqs.exceptions.InvalidAttributeValue):
        sqs.set_queue_attributes(
            QueueUrl=url,
            Attributes={
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": f"{dlq_arn}-absent", "maxReceiveCount": 2}
                )
            },
        )


def test_a_queue_redriving_to_itself_keeps_delivering(sqs, make_queue):
    url = make_queue()
    arn = _attributes(sqs, url, "QueueArn")["QueueArn"]
    policy = json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": 1})
    sqs.set_queue_attributes(QueueUrl=url, Attributes={"RedrivePolicy": policy})
    sqs.send_message(QueueUrl=url, MessageBody="x")
    for _ in range(3):
        assert len(_receive(sqs, url, VisibilityTimeout=0)) == 1


def test_batch_operations(sqs, make_queue):
    url = make_queue()
    entries = [{"Id": f"m{i}", "MessageBody": f"body {i}"} for i in range(10)]
    entries[3]["DelaySeconds"] = 60
    entries[4]["MessageAttributes"] = STRING
    sent = sqs.send_message_batch(QueueUrl=url, Entries=entries)
    assert sent["Failed"] == []
    assert [s["Id"] for s in sent["Successful"]] == [e["Id"] for e in entries]
    for result, entry in zip(sent["Successful"], entries, strict=True):
        assert result["MD5OfMessageBody"] == hashlib.md5(entry["MessageBody"].encode()).hexdigest()
    assert sent["Successful"][4]["MD5OfMessageAttributes"] == VECTORS[0][1]
    assert _depth(sqs, url) == (9, 0, 1)

    received = _receive(sqs, url, MaxNumberOfMessages=10)
    assert sorted(m["Body"] for m in received) == sorted(
        e["MessageBody"] for e in entries if "DelaySeconds" not in e
    )
    changes = [
        {"Id": "a", "ReceiptHandle": received[0]["ReceiptHandle"], "VisibilityTimeout": 0},
        {"Id": "b", "ReceiptHandle": received[1]["ReceiptHandle"], "VisibilityTimeout": 0},
        {"Id": "c", "ReceiptHandle": "garbage", "VisibilityTimeout": 0},
    ]
    changed = sqs.change_message_visibility_batch(QueueUrl=url, Entries=changes)
    assert [s["Id"] for s in changed["Successful"]] == ["a", "b"]
    assert [(f["Id"], f["Code"], f["SenderFault"]) for f in changed["Failed"]] == [
        ("c", "ReceiptHandleIsInvalid", True)
    ]
    assert _depth(sqs, url) == (2, 7, 1)

    again = _receive(sqs, url, MaxNumberOfMessages=10)
    handles = [m["ReceiptHandle"] for m in received[2:] + again]
    deletes = [{"Id": f"d{i}", "ReceiptHandle": h} for i, h in enumerate(handles)]
    deletes.append({"Id": "bad", "ReceiptHandle": "garbage"})
    deleted = sqs.delete_message_batch(QueueUrl=url, Entries=deletes)
    assert len(deleted["Successful"]) == 9
    assert [f["Id"] for f in deleted["Failed"]] == ["bad"]
    assert _depth(sqs, url) == (0, 0, 1)


def test_batch_request_errors(sqs, make_queue):
    url = make_queue()
    with pytest.raises(sqs.exceptions.EmptyBatchRequest):
        sqs.send_message_batch(QueueUrl=url, Entries=[])
    with pytest.raises(sqs.exceptions.TooManyEntriesInBatchRequest):
        sqs.send_message_batch(
            QueueUrl=url, Entries=[{"Id": f"m{i}", "MessageBody": "x"} for i in range(11)]
        )
    with pytest.raises(sqs.exceptions.BatchEntryIdsNotDistinct):
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": "same", "ReceiptHandle": "x"}, {"Id": "same", "ReceiptHandle": "y"}],
        )
    with pytest.raises(sqs.exceptions.InvalidBatchEntryId):
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "not ok!", "MessageBody": "x"}])


def test_purge_drops_every_message(sqs, make_queue):
    url = make_queue()
    for i in range(5):
        sqs.send_message(QueueUrl=url, MessageBody=str(i))
    sqs.send_message(QueueUrl=url, MessageBody="delayed", DelaySeconds=60)
    in_flight = _receive(sqs, url)[0]
    assert _depth(sqs, url) == (4, 1, 1)
    sqs.purge_queue(QueueUrl=url)
    sqs.purge_queue(QueueUrl=url)  # again at once: no 60-second rule
    assert _depth(sqs, url) == (0, 0, 0)
    assert _receive(sqs, url) == []
    sqs.delete_message(QueueUrl=url, ReceiptHandle=in_flight["ReceiptHandle"])  # accepted
    sqs.send_message(QueueUrl=url, MessageBody="after")
    assert [m["Body"] for m in _receive(sqs, url)] == ["after"]


def test_stale_entries_left_by_lazy_deletion_are_compacted():
    """State changes leave stale deque/heap entries behind instead of searching for them:
    they must not pile up (in process, no server)."""
    from teacherseat.sqslite.api import Sqs

    async def scenario() -> None:
        sqs = Sqs()
        url = (await sqs.call("CreateQueue", {"QueueName": "c"}))["QueueUrl"]
        queue = sqs.queues["c"]
        await sqs.call("SendMessage", {"QueueUrl": url, "MessageBody": "x"})
        received = await sqs.call("ReceiveMessage", {"QueueUrl": url})
        handle = received["Messages"][0]["ReceiptHandle"]
        for timeout in range(100, 1100):  # each extension pushes a new heap entry
            change = {"QueueUrl": url, "ReceiptHandle": handle, "VisibilityTimeout": timeout}
            await sqs.call("ChangeMessageVisibility", change)
        assert len(queue.hidden) < 100
        for number in range(1000):
            await sqs.call("SendMessage", {"QueueUrl": url, "MessageBody": str(number)})
        handles = []
        for _ in range(100):  # each received once, and visible again at once
            peek = {"QueueUrl": url, "MaxNumberOfMessages": 10, "VisibilityTimeout": 0}
            handles += [
                m["ReceiptHandle"] for m in (await sqs.call("ReceiveMessage", peek))["Messages"]
            ]
        assert queue.depth(time.monotonic()) == (1000, 1, 0)
        for handle in handles:  # deleted while visible: each leaves a stale deque entry
            await sqs.call("DeleteMessage", {"QueueUrl": url, "ReceiptHandle": handle})
        assert len(queue.visible) + len(queue.hidden) < 200
        assert queue.depth(time.monotonic()) == (0, 1, 0)

    asyncio.run(scenario())


# -- Celery and throughput ------------------------------------------------------------------


def test_a_celery_worker_runs_every_task_exactly_once(
    endpoint, sqs, make_queue, tmp_path, monkeypatch
):
    url = make_queue("celery")
    broker = f"sqs://@127.0.0.1:{urlsplit(endpoint).port}"
    out, log = tmp_path / "ran.txt", tmp_path / "worker.log"
    credentials = {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}
    for key, value in credentials.items():
        monkeypatch.setenv(key, value)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env |= {
        **credentials,
        "SQSLITE_BROKER_URL": broker,
        "SQSLITE_QUEUE_URL": url,
        "SQSLITE_OUT": str(out),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "celery", "-A", "tests.core.sqslite_tasks", "worker"]
    command += ["-P", "threads", "-c", "8", "-Q", "q", "-l", "WARNING"]
    command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
    with log.open("wb") as log_file:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log_file, stderr=log_file)
    try:
        producer = make_app(broker, url)
        for number in range(200):
            producer.send_task("sqslite.append", args=[number], queue="q")
        producer.close()

        deadline = time.monotonic() + 90
        while len(out.read_text().split() if out.exists() else []) < 200:
            assert worker.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        time.sleep(1.5)  # room for a duplicate to show up
        assert sorted(int(n) for n in out.read_text().split()) == list(range(200))
        deadline = time.monotonic() + 10
        while _depth(sqs, url) != (0, 0, 0):  # every message was deleted (acknowledged)
            assert time.monotonic() < deadline, _depth(sqs, url)
            time.sleep(0.2)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    assert "Traceback" not in log.read_text(), log.read_text()


def test_throughput_from_one_boto3_client(sqs, make_queue, capsys):
    url = make_queue()
    count = 300
    start = time.perf_counter()
    for number in range(count):
        sqs.send_message(QueueUrl=url, MessageBody=f"message {number}")
    sends = count / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(count):
        message = _receive(sqs, url)[0]
        sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    pairs = count / (time.perf_counter() - start)
    assert _depth(sqs, url) == (0, 0, 0)
    with capsys.disabled():
        sys.stdout.write(
            f"\nsqslite, one boto3 client: {sends:.0f} sends/s, {pairs:.0f} receive+delete/s\n"
        )
