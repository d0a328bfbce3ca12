"""Academy setting: may people sign in before confirming their email?"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from apps.iam.models import AuditEvent
from apps.tenants.context import tenant_context
from tests.iam.helpers import patch, post

pytestmark = pytest.mark.django_db
BASE = "/api/student/iam/"
PASSWORD = "correct horse battery staple"
SETTINGS = "/api/admin/iam/account-settings"


def _sign_up(email: str, jobs: Any) -> None:
    response = post(Client(), BASE + "auth/signup", {"email": email, "password": PASSWORD})
    assert response.status_code == 202
    jobs.run()


def test_by_default_an_unverified_account_can_sign_in(tenant: Any, jobs: Any) -> None:
    _sign_up("new@example.com", jobs)
    response = post(
        Client(), BASE + "auth/signin", {"email": "new@example.com", "password": PASSWORD}
    )
    assert response.status_code == 200


def test_when_required_sign_in_waits_for_verification(
    tenant: Any, owner_client: Client, jobs: Any
) -> None:
    assert owner_client.get(SETTINGS).json()["signin_requires_verified_email"] is False
    changed = patch(owner_client, SETTINGS, {"signin_requires_verified_email": True})
    assert changed.status_code == 200 and changed.json()["signin_requires_verified_email"] is True
    with tenant_context(tenant):
        assert AuditEvent.objects.filter(action="iam:settings:update").count() == 1
    _sign_up("late@example.com", jobs)

    refused = post(
        Client(), BASE + "auth/signin", {"email": "late@example.com", "password": PASSWORD}
    )
    assert refused.status_code == 403 and refused.json()["code"] == "email_not_verified"
    wrong = post(Client(), BASE + "auth/signin", {"email": "late@example.com", "password": "nope"})
    assert wrong.status_code == 401  # a wrong password learns nothing about verification

    resend = post(Client(), BASE + "auth/verify-email/resend", {"email": "late@example.com"})
    assert resend.status_code == 202
    assert jobs.run() == ["iam.mail_verification_resend"]
    token = re.search(r"verification token: (\S+)", mail.outbox[-1].body)
    assert token and mail.outbox[-1].to == ["late@example.com"]
    assert post(Client(), BASE + "auth/verify-email", {"token": token.group(1)}).status_code == 204

    signed_in = post(
        Client(), BASE + "auth/signin", {"email": "late@example.com", "password": PASSWORD}
    )
    assert signed_in.status_code == 200


def test_settings_need_their_actions(tenant: Any, owner_client: Client) -> None:
    anonymous = Client().get(SETTINGS)
    assert anonymous.status_code == 401
    bad = patch(owner_client, SETTINGS, {"signin_requires_verified_email": "maybe"})
    assert bad.status_code == 400 and bad.json()["code"] == "validation_error"
