"""The Lambda SQS consumer (``teacherseat.lambda_worker.handle_sqs``) on real messages.

Given a batch built from messages the app really sent (``send_now``, received raw from the
session's SQS queue and wrapped as Lambda SQS records), then every task that succeeds runs,
and exactly the records that failed (a raising task, an unknown task, a body that is not a
task message) are reported in ``batchItemFailures``; none crashes the batch.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest

from apps.jobs import services
from apps.jobs.models import Job
from apps.tenants.context import tenant_context
from teacherseat.lambda_worker import BatchFailed, handle_sqs
from tests.jobs import sample_tasks  # noqa: F401 - registers the tests.jobs.* tasks

pytestmark = pytest.mark.django_db(transaction=True)
ARN = "arn:aws:sqs:us-east-1:123456789012:teacherseat-default"


def record(message: dict[str, Any]) -> dict[str, Any]:
    """One SQS message as Lambda's event source mapping hands it to the function."""
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {},
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": ARN,
        "awsRegion": "us-east-1",
    }


def fake(message_id: str, body: Any) -> dict[str, Any]:
    return {**record({"MessageId": message_id, "ReceiptHandle": "r", "Body": ""}), "body": body}


def job_in(tenant: Any, total: int = 10) -> Job:
    with tenant_context(tenant):
        return services.job_create(kind="tests.kind", title="t", total=total, created_by=None)


def done_of(tenant: Any, job: Job) -> int:
    with tenant_context(tenant):
        return Job.objects.get(pk=job.pk).done


@pytest.fixture(autouse=True)
def _partial_batch_answers(settings: Any) -> None:
    """The mapping takes partial answers (see the last test for the default)."""
    settings.SQS_REPORT_BATCH_ITEM_FAILURES = True


def test_successes_run_and_only_failures_are_reported(tenant, other_tenant, queues):
    job, second, foreign = job_in(tenant), job_in(tenant), job_in(other_tenant)
    ok = queues.raw_message("tests.jobs.progress", tenant_id=tenant.pk, job_id=job.pk, done=3)
    boom = queues.raw_message("tests.jobs.explode", tenant_id=tenant.pk, job_id=job.pk)
    unknown = queues.raw_message("tests.jobs.no_such_task", tenant_id=tenant.pk)
    # the task runs in the academy named by the message: another academy's job is not found
    trespass = queues.raw_message(
        "tests.jobs.progress", tenant_id=tenant.pk, job_id=foreign.pk, done=9
    )
    ok_after = queues.raw_message(
        "tests.jobs.progress", tenant_id=tenant.pk, job_id=second.pk, done=5
    )

    reply = handle_sqs({"Records": [record(m) for m in (ok, boom, unknown, trespass, ok_after)]})

    assert reply == {
        "batchItemFailures": [
            {"itemIdentifier": boom["MessageId"]},
            {"itemIdentifier": unknown["MessageId"]},
            {"itemIdentifier": trespass["MessageId"]},
        ]
    }
    assert done_of(tenant, job) == 3 and done_of(tenant, second) == 5
    assert done_of(other_tenant, foreign) == 0


@pytest.mark.parametrize(
    "body",
    [
        "not a celery message",
        "",
        None,
        base64.b64encode(b"[1, 2, 3]").decode(),
        base64.b64encode(b'{"headers": {}, "body": "e30="}').decode(),
        "\x00\ud800",
        "{" * 10_000,
    ],
    ids=["text", "empty", "none", "json-list", "no-task", "nul-surrogate", "deep"],
)
def test_malformed_bodies_are_reported_and_never_crash_the_batch(tenant, queues, body):
    job = job_in(tenant)
    ok = queues.raw_message("tests.jobs.progress", tenant_id=tenant.pk, job_id=job.pk, done=1)
    reply = handle_sqs({"Records": [fake("bad-1", body), record(ok)]})
    assert reply == {"batchItemFailures": [{"itemIdentifier": "bad-1"}]}
    assert done_of(tenant, job) == 1


def test_an_empty_or_odd_event_reports_nothing(db):
    assert handle_sqs({}) == {"batchItemFailures": []}
    assert handle_sqs({"Records": []}) == {"batchItemFailures": []}
    assert handle_sqs({"Records": [{"messageId": "x"}]}) == {
        "batchItemFailures": [{"itemIdentifier": "x"}]
    }


def test_without_partial_answers_a_failure_returns_the_whole_batch(tenant, queues, settings):
    # given a mapping that cannot take partial answers (Zappa's, the default)
    settings.SQS_REPORT_BATCH_ITEM_FAILURES = False
    job = job_in(tenant)
    ok = queues.raw_message("tests.jobs.progress", tenant_id=tenant.pk, job_id=job.pk, done=2)
    # when one record of a batch fails, the batch raises (all of it comes back) after the
    # good record has run (it will run again: tasks are idempotent)
    with pytest.raises(BatchFailed, match="1 of 2 records failed"):
        handle_sqs({"Records": [fake("bad-1", "not a message"), record(ok)]})
    assert done_of(tenant, job) == 2
    # and a batch without failures answers normally
    assert handle_sqs({"Records": [record(ok)]}) == {"batchItemFailures": []}
