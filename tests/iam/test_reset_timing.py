"""Password reset: the answer cannot tell known emails from unknown ones by its work.

The request path is the same for both (parse, hand the lookup to after the response,
answer 202); the per-user work (lookup, token, mail, audit) runs after the response.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from apps.core import after_response
from apps.tenants.context import tenant_context
from tests.factories import make_user
from tests.iam.helpers import post

pytestmark = pytest.mark.django_db
RESET = "/api/student/iam/auth/password-reset"
MARK = "-- response sent --"


def _statements_before_the_answer(monkeypatch: Any, email: str) -> list[str]:
    """SQL run while the request was answered (before any after-response job)."""
    statements: list[str] = []
    run_jobs = after_response.run_jobs

    def marked(jobs: list[Any]) -> None:
        statements.append(MARK)
        run_jobs(jobs)

    monkeypatch.setattr(after_response, "run_jobs", marked)

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append(re.sub(r'"s\d+_x\d+"', "<savepoint>", re.sub(r"\s+", " ", sql)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = post(Client(), RESET, {"email": email})
    assert response.status_code == 202
    assert MARK in statements, "the lookup must run after the response"
    return statements[: statements.index(MARK)]


def test_known_and_unknown_emails_do_the_same_work_before_the_answer(
    tenant: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with tenant_context(tenant):
        make_user(tenant, "known@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        known = _statements_before_the_answer(monkeypatch, "known@example.com")
        unknown = _statements_before_the_answer(monkeypatch, "nobody@example.com")

    assert known == unknown
    assert not any("iam_users" in sql or "iam_one_time_tokens" in sql for sql in known)
    assert [m.to for m in mail.outbox] == [["known@example.com"]]
