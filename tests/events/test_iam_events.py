"""IAM's events: user.created (every way an account is made) and user.signed_up."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from apps.core.errors import NotFound
from apps.iam.models import User
from apps.tenants.context import tenant_context
from tests.factories import make_user
from tests.iam.helpers import post

pytestmark = pytest.mark.django_db
SIGNUP = "/api/student/iam/auth/signup"
USERS = "/api/admin/iam/users"
PASSWORD = "correct horse battery staple"


def ref(tenant: Any, email: str) -> dict[str, Any]:
    with tenant_context(tenant):
        user = User.objects.get(email=email)
    return {"id": user.pk, "email": user.email, "name": user.name}


def test_sign_up_emits_user_created_then_user_signed_up(tenant, outbox):
    response = post(
        Client(), SIGNUP, {"email": "New@Example.com", "password": PASSWORD, "name": "Nia"}
    )

    assert response.status_code == 202
    user = ref(tenant, "new@example.com")
    assert user["name"] == "Nia"
    assert outbox.new() == [
        (
            "user.created",
            {"user": user, "source": "signup", "invited": False, "admin_panel_access": False},
        ),
        ("user.signed_up", {"user": user}),
    ]


def test_a_sign_up_that_creates_nothing_emits_nothing(tenant, outbox):
    with tenant_context(tenant):
        make_user(tenant, "taken@example.com")
    outbox.mark()

    taken = post(Client(), SIGNUP, {"email": "TAKEN@example.com", "password": PASSWORD})
    weak = post(Client(), SIGNUP, {"email": "weak@example.com", "password": "short"})

    assert taken.status_code == 202 and weak.status_code == 400
    assert outbox.new() == []


def test_an_admin_created_user_emits_user_created_only(owner_client, tenant, outbox):
    outbox.mark()
    response = post(
        owner_client,
        USERS,
        {
            "email": "Staff@Example.com",
            "name": "Sam",
            "password": PASSWORD,
            "admin_panel_access": True,
        },
    )

    assert response.status_code == 201, response.json()
    assert outbox.new() == [
        (
            "user.created",
            {
                "user": ref(tenant, "staff@example.com"),
                "source": "admin",
                "invited": False,
                "admin_panel_access": True,
            },
        )
    ]


def test_an_invited_user_emits_user_created_with_invited(owner_client, tenant, outbox, jobs):
    outbox.mark()
    response = post(owner_client, USERS, {"email": "guest@example.com"})

    assert response.status_code == 201
    assert outbox.new() == [
        (
            "user.created",
            {
                "user": ref(tenant, "guest@example.com"),
                "source": "admin",
                "invited": True,
                "admin_panel_access": False,
            },
        )
    ]
    assert "iam.mail_invitation" in jobs.pending()


def test_a_refused_create_emits_nothing(owner_client, tenant, outbox):
    with tenant_context(tenant):
        make_user(tenant, "dup@example.com")
    outbox.mark()

    duplicate = post(owner_client, USERS, {"email": "dup@example.com", "password": PASSWORD})

    assert duplicate.status_code == 409
    assert outbox.new() == []


def test_a_request_that_fails_after_the_create_keeps_no_event_and_no_mail(
    owner_client, tenant, outbox, jobs, monkeypatch
):
    """The row is written in the request's transaction: a 4xx answer rolls it back with
    the user, and the invitation task queued after commit is never sent."""
    from apps.iam import selectors

    def fails(*args: Any, **kwargs: Any) -> Any:
        raise NotFound("gone")

    monkeypatch.setattr(selectors, "user_detail_response", fails)
    outbox.mark()

    response = post(owner_client, USERS, {"email": "ghost@example.com"})

    assert response.status_code == 404
    assert outbox.new() == []
    with tenant_context(tenant):
        assert not User.objects.filter(email="ghost@example.com").exists()
    assert jobs.pending() == []


def test_createadmin_emits_user_created(tenant, outbox):
    outbox.mark()
    call_command(
        "createadmin", tenant=tenant.slug, email="Root@Example.com", password=PASSWORD, name="R"
    )

    assert outbox.new() == [
        (
            "user.created",
            {
                "user": ref(tenant, "root@example.com"),
                "source": "command",
                "invited": False,
                "admin_panel_access": True,
            },
        )
    ]
