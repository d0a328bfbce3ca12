"""``manage.py jobs``: the operator's view of the queues, across academies, SQS only.

No test here has database access: a command that touched the database would fail.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.jobs.runtime import decode_message
from teacherseat.queues import queue_name


def jobs(*args: str) -> str:
    out = StringIO()
    call_command("jobs", *args, stdout=out)
    return out.getvalue()


def test_queues_shows_every_queue_and_dlq_with_its_counts(queues):
    queues.dead_letter("tests.jobs.explode", tenant_id=1, job_id=1)
    queues.dead_letter("webhooks.deliver", queue="webhooks", tenant_id=2, delivery_id="d")
    queues.dead_letter("webhooks.deliver", queue="webhooks", tenant_id=2, delivery_id="e")
    lines = jobs("queues").splitlines()
    assert lines[0].split() == ["QUEUE", "VISIBLE", "IN-FLIGHT", "DELAYED"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert rows == {
        queue_name("default"): ["0", "0", "0"],
        queue_name("default-dlq"): ["1", "0", "0"],
        queue_name("webhooks"): ["0", "0", "0"],
        queue_name("webhooks-dlq"): ["2", "0", "0"],
    }


def test_dlq_lists_every_academys_dead_letters(queues):
    a = queues.dead_letter("tests.jobs.explode", tenant_id=11, job_id=1)
    b = queues.dead_letter("events.sweep")
    c = queues.dead_letter("webhooks.deliver", queue="webhooks", tenant_id=12, delivery_id="d")
    output = jobs("dlq")
    lines = output.splitlines()
    assert lines[0].split()[:3] == ["MESSAGE", "ID", "QUEUE"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert set(rows) == {a, b, c}
    assert rows[a][1:5] == ["default", "tests.jobs.explode", "11", "1"]
    assert rows[b][1:4] == ["default", "events.sweep", "-"]
    assert rows[c][1:4] == ["webhooks", "webhooks.deliver", "12"]
    assert rows[a][5].startswith("20")  # the sent time, ISO 8601

    only_webhooks = jobs("dlq", "--queue", "webhooks").splitlines()[1:]
    assert [line.split()[0] for line in only_webhooks] == [c]
    only_tenant = jobs("dlq", "--tenant-id", "11").splitlines()[1:]
    assert [line.split()[0] for line in only_tenant] == [a]
    assert len(jobs("dlq", "--limit", "1").splitlines()) == 2
    assert queues.visible("default-dlq") == 2  # listing leaves them where they were


def test_dlq_says_so_when_empty(queues):
    assert jobs("dlq") == "No dead letters.\n"


def test_redrive_moves_named_or_all_messages_back(queues):
    a = queues.dead_letter("tests.jobs.explode", tenant_id=11, job_id=1)
    queues.dead_letter("tests.jobs.explode", tenant_id=12, job_id=2)
    queues.dead_letter("webhooks.deliver", queue="webhooks", tenant_id=12, delivery_id="d")

    assert jobs("redrive", "--message-id", a) == "Redriven: 1\n"
    moved = [decode_message(body)[2] for body in queues.bodies("default")]
    assert moved == [{"tenant_id": 11, "job_id": 1}]
    assert queues.visible("default-dlq") == 1

    assert jobs("redrive", "--queue", "default") == "Redriven: 1\n"
    assert queues.visible("default-dlq") == 0 and queues.visible("webhooks-dlq") == 1
    assert jobs("redrive") == "Redriven: 1\n"
    assert queues.visible("webhooks") == 1 and queues.visible("webhooks-dlq") == 0


def test_redrive_of_a_missing_message_fails_with_exit_code_1(queues):
    queues.dead_letter("tests.jobs.explode", tenant_id=11, job_id=1)
    with pytest.raises(CommandError, match="1 of the named messages were not found") as caught:
        jobs("redrive", "--message-id", "no-such-id")
    assert caught.value.returncode == 1
    assert queues.visible("default-dlq") == 1


def test_purge_needs_yes_then_empties_one_dlq(queues):
    queues.dead_letter("tests.jobs.explode", tenant_id=11, job_id=1)
    queues.dead_letter("webhooks.deliver", queue="webhooks", tenant_id=12, delivery_id="d")
    with pytest.raises(CommandError, match="--yes") as caught:
        jobs("purge-dlq", "--queue", "default")
    assert caught.value.returncode == 1
    assert queues.visible("default-dlq") == 1

    output = jobs("purge-dlq", "--queue", "default", "--yes")
    assert output == f"Purged {queue_name('default-dlq')}: 1 messages\n"
    assert queues.visible("default-dlq") == 0 and queues.visible("webhooks-dlq") == 1


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("nonsense",),
        ("dlq", "--queue", "nope"),
        ("dlq", "--limit", "x"),
        ("purge-dlq",),
        ("redrive", "--queue", "default-dlq"),
    ],
)
def test_bad_arguments_are_refused(args):
    with pytest.raises(CommandError):
        jobs(*args)


def test_dlq_limit_must_be_positive():
    with pytest.raises(CommandError, match="--limit") as caught:
        jobs("dlq", "--limit", "0")
    assert caught.value.returncode == 2


def test_an_unreachable_sqs_is_a_clear_error(monkeypatch):
    import boto3
    from botocore.config import Config

    dead = boto3.client(
        "sqs",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=1),
    )
    monkeypatch.setattr("apps.jobs.management.commands.jobs.sqs_client", lambda: dead)
    monkeypatch.setattr("apps.jobs.dead_letters.sqs_client", lambda: dead)
    for verb in ("queues", "dlq", "redrive"):
        with pytest.raises(CommandError, match="SQS did not answer") as caught:
            jobs(verb)
        assert caught.value.returncode == 1


def test_the_command_is_not_privileged():
    import manage

    assert "jobs" not in manage.PRIVILEGED_COMMANDS
