"""Password reset: the answer cannot tell known emails from unknown ones by its work.

The request path is the same for both (parse, queue one task carrying the email, answer
202); the per-user work (lookup, token, mail, audit) runs in the task, on the worker.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from apps.tenants.context import tenant_context
from tests.factories import make_user
from tests.iam.helpers import post

pytestmark = pytest.mark.django_db
RESET = "/api/student/iam/auth/password-reset"
PER_USER_TABLES = ("iam_users", "iam_one_time_tokens", "iam_audit")


def _normalised(sql: str) -> str:
    return re.sub(r'"s\d+_x\d+"', "<savepoint>", re.sub(r"\s+", " ", sql))


def _statements_of_the_request(email: str) -> list[str]:
    """Every SQL statement the request ran before it answered."""
    statements: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(_normalised(sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = post(Client(), RESET, {"email": email})
    assert response.status_code == 202
    return statements


def test_known_and_unknown_emails_do_the_same_work_before_the_answer(
    tenant: Any, jobs: Any
) -> None:
    with tenant_context(tenant):
        make_user(tenant, "known@example.com")

    known = _statements_of_the_request("known@example.com")
    unknown = _statements_of_the_request("nobody@example.com")

    assert known == unknown
    assert not any(table in sql for sql in known for table in PER_USER_TABLES)
    assert mail.outbox == []

    lookups: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        lookups.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        ran = jobs.run()

    assert ran == ["iam.mail_password_reset", "iam.mail_password_reset"]
    assert any("iam_users" in sql for sql in lookups), "the lookup runs in the task"
    assert [m.to for m in mail.outbox] == [["known@example.com"]]


def test_the_queued_message_carries_the_email_and_no_token(tenant: Any, jobs: Any) -> None:
    from apps.jobs.runtime import decode_message
    from teacherseat.queues import queues

    with tenant_context(tenant):
        make_user(tenant, "known@example.com")
    post(Client(), RESET, {"email": "known@example.com"})
    jobs.pending()  # publishes what the request queued (the messages stay)

    bodies = []
    for info in queues():
        reply = jobs.client.receive_message(
            QueueUrl=info.url, MaxNumberOfMessages=10, VisibilityTimeout=0
        )
        bodies += [decode_message(m["Body"]) for m in reply.get("Messages", [])]
    assert [(name, kwargs) for name, _args, kwargs, _id in bodies] == [
        ("iam.mail_password_reset", {"tenant_id": tenant.pk, "email": "known@example.com"})
    ]
