"""Mail leaves from the worker, never from the request: a real Celery worker process sends
the sign-up verification and the password reset (its mails land in files)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from apps.tenants.context import tenant_context
from teacherseat.testing.jobs import wait_until
from tests.factories import make_tenant, make_user
from tests.iam.helpers import post

pytestmark = pytest.mark.django_db(transaction=True)
BASE = "/api/student/iam/"
PASSWORD = "correct horse battery staple"


def mail_to(worker: Any, email: str, pattern: str) -> str:
    """The first group of ``pattern`` in a mail the worker sent to ``email``."""

    def find() -> str | None:
        for message in worker.mails():
            found = re.search(pattern, message)
            if f"To: {email}" in message and found:
                return found.group(1)
        return None

    value: str = wait_until(find, timeout=30)
    return value


def test_sign_up_and_reset_mails_come_from_the_worker(celery_worker: Any) -> None:
    tenant = make_tenant("default", "Default Academy")
    with tenant_context(tenant):
        make_user(tenant, "known@example.com")

    signup = post(
        Client(), BASE + "auth/signup", {"email": "new@example.com", "password": PASSWORD}
    )
    assert signup.status_code == 202
    token = mail_to(celery_worker, "new@example.com", r"verification token: (\S+)")
    assert post(Client(), BASE + "auth/verify-email", {"token": token}).status_code == 204

    for email in ("known@example.com", "nobody@example.com"):
        assert post(Client(), BASE + "auth/password-reset", {"email": email}).status_code == 202
    reset = mail_to(celery_worker, "known@example.com", r"password reset page: (\S+)")
    confirm = post(
        Client(),
        BASE + "auth/password-reset/confirm",
        {"token": reset, "password": "a brand new passphrase"},
    )
    assert confirm.status_code == 204
    assert not any("To: nobody@example.com" in m for m in celery_worker.mails())
