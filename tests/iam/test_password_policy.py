"""One password policy for sign-up, admin-created users, changes, resets and createadmin."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from apps.iam.models import User
from apps.tenants.context import tenant_context
from tests.iam.helpers import post

pytestmark = pytest.mark.django_db
WEAK = ["short", "password123", "alice@example.org"]


@pytest.mark.parametrize("password", WEAK)
def test_admin_created_users_get_the_same_policy_as_sign_up(
    owner_client: Client, tenant: Any, password: str
) -> None:
    created = post(
        owner_client,
        "/api/admin/iam/users",
        {"email": "alice@example.org", "password": password},
    )
    signed_up = post(
        Client(),
        "/api/student/iam/auth/signup",
        {"email": "alice@example.org", "password": password},
    )
    assert created.status_code == signed_up.status_code == 400
    assert created.json()["code"] == signed_up.json()["code"] == "weak_password"
    assert created.json()["errors"] == signed_up.json()["errors"]
    with tenant_context(tenant):
        assert not User.objects.filter(email="alice@example.org").exists()


def test_a_good_password_is_accepted_by_the_admin_api(owner_client: Client) -> None:
    response = post(
        owner_client,
        "/api/admin/iam/users",
        {"email": "bob@example.org", "password": "a long and unusual phrase"},
    )
    assert response.status_code == 201, response.content


def test_createadmin_refuses_a_password_like_the_email(tenant: Any) -> None:
    with pytest.raises(CommandError, match="too similar"):
        call_command(
            "createadmin",
            "--tenant",
            tenant.slug,
            "--email",
            "carol.smith@example.org",
            "--password",
            "carol.smith@example.org",
            stdout=StringIO(),
        )
