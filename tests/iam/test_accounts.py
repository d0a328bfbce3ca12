"""Student API: sign-up, sign-in, sign-out, who-am-I, passwords, email verification."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from apps.iam.models import AuditEvent, User
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_user
from tests.iam.helpers import post

pytestmark = pytest.mark.django_db
BASE = "/api/student/iam/"
PASSWORD = "correct horse battery staple"


def token_in(message: mail.EmailMessage) -> str:
    found = re.search(r"token[^:]*: (\S+)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def alice(tenant):
    with tenant_context(tenant):
        return make_user(tenant, "alice@example.com", name="Alice")


def test_csrf_endpoint_sets_the_cookie_and_signin_needs_the_token(tenant, alice):
    client = Client(enforce_csrf_checks=True)
    refused = post(
        client, BASE + "auth/signin", {"email": "alice@example.com", "password": PASSWORD}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "csrf_failed"

    response = client.get(BASE + "csrf")
    assert response.status_code == 200
    token = response.json()["csrf_token"]
    assert "csrftoken" in response.cookies

    ok = client.post(
        BASE + "auth/signin",
        {"email": "alice@example.com", "password": PASSWORD},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert ok.status_code == 200


def test_signup_creates_an_unverified_user_and_mails_a_verification_token(tenant, jobs):
    client = Client()
    response = post(
        client,
        BASE + "auth/signup",
        {"email": "New@Example.com", "password": PASSWORD, "name": "N"},
    )
    assert response.status_code == 202
    assert response.json() == {"detail": "Check your email to continue."}
    with tenant_context(tenant):
        user = User.objects.get(email="new@example.com")
        assert user.email_verified_at is None
    assert mail.outbox == []  # the request only queued the mail
    assert "iam.mail_verification" in jobs.run()
    assert len(mail.outbox) == 1
    token = token_in(mail.outbox[0])

    assert post(client, BASE + "auth/verify-email", {"token": token}).status_code == 204
    with tenant_context(tenant):
        user.refresh_from_db()
        assert user.email_verified_at is not None
    again = post(client, BASE + "auth/verify-email", {"token": token})
    assert again.status_code == 400
    assert again.json()["code"] == "invalid_token"


def test_signup_with_a_registered_email_answers_the_same_and_creates_nothing(tenant, alice, jobs):
    response = post(
        Client(), BASE + "auth/signup", {"email": "ALICE@example.com", "password": PASSWORD}
    )
    assert "iam.mail_signup_notice" in jobs.run()
    assert response.status_code == 202
    assert response.json() == {"detail": "Check your email to continue."}
    with tenant_context(tenant):
        assert User.objects.filter(email__iexact="alice@example.com").count() == 1
    assert "already have an account" in mail.outbox[0].body


def test_signup_rejects_a_weak_password(tenant):
    response = post(Client(), BASE + "auth/signup", {"email": "x@example.com", "password": "short"})
    assert response.status_code == 400
    assert response.json()["code"] == "weak_password"
    assert "password" in response.json()["errors"]


def test_signin_sets_tenant_session_last_login_and_me_answers(tenant, alice):
    client = Client()
    response = post(
        client, BASE + "auth/signin", {"email": "Alice@Example.com", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json() == {
        "mfa_required": False,
        "user": {
            "id": alice.pk,
            "email": "alice@example.com",
            "name": "Alice",
            "mfa_enabled": False,
        },
    }
    assert client.session["ts_tenant_id"] == tenant.pk
    with tenant_context(tenant):
        alice.refresh_from_db()
        assert alice.last_login is not None
        assert AuditEvent.objects.filter(action="iam:users:signin", actor=alice).count() == 1

    me = client.get(BASE + "me").json()
    assert me["user"]["email"] == "alice@example.com"
    assert me["admin_panel_access"] is False
    # a learner may do exactly what LearnerAccess grants: the student actions
    assert me["allowed_actions"]
    assert all(a.startswith("teacherseat:student:") for a in me["allowed_actions"])

    assert post(client, BASE + "auth/signout").status_code == 204
    assert client.get(BASE + "me").status_code == 401


def test_wrong_password_and_unknown_email_get_the_same_answer(tenant, alice):
    wrong = post(
        Client(), BASE + "auth/signin", {"email": "alice@example.com", "password": "nope-nope-nope"}
    )
    unknown = post(
        Client(), BASE + "auth/signin", {"email": "bob@example.com", "password": "nope-nope-nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    body_w, body_u = wrong.json(), unknown.json()
    body_w.pop("request_id"), body_u.pop("request_id")
    assert body_w == body_u
    assert body_w["code"] == "invalid_credentials"


def test_suspended_user_cannot_sign_in(tenant, alice):
    with tenant_context(tenant):
        User.objects.filter(pk=alice.pk).update(status=User.Status.SUSPENDED)
    response = post(
        Client(), BASE + "auth/signin", {"email": "alice@example.com", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "account_suspended"


def test_user_of_another_tenant_cannot_sign_in_here(tenant, other_tenant):
    with tenant_context(other_tenant):
        make_user(other_tenant, "carol@example.com")
    response = post(
        Client(), BASE + "auth/signin", {"email": "carol@example.com", "password": PASSWORD}
    )
    assert response.status_code == 401


def test_owner_me_lists_every_catalogue_action(owner_client):
    from apps.systems import registry

    me = owner_client.get(BASE + "me").json()
    assert me["admin_panel_access"] is True
    assert me["allowed_actions"] == registry.all_actions()


def test_change_password_needs_the_current_one(tenant, alice):
    client = signed_in(alice)
    wrong = post(
        client,
        BASE + "me/password",
        {"current_password": "x" * 12, "new_password": "another long one"},
    )
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "wrong_password"
    ok = post(
        client,
        BASE + "me/password",
        {"current_password": PASSWORD, "new_password": "another long one"},
    )
    assert ok.status_code == 204
    assert client.get(BASE + "me").status_code == 200  # session kept
    signin = post(
        Client(),
        BASE + "auth/signin",
        {"email": "alice@example.com", "password": "another long one"},
    )
    assert signin.status_code == 200


def test_password_reset_mails_known_emails_only_and_answers_the_same(tenant, alice, jobs):
    known = post(Client(), BASE + "auth/password-reset", {"email": "alice@example.com"})
    unknown = post(Client(), BASE + "auth/password-reset", {"email": "nobody@example.com"})
    assert jobs.run() == ["iam.mail_password_reset", "iam.mail_password_reset"]
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    token = token_in(mail.outbox[0])

    done = post(
        Client(),
        BASE + "auth/password-reset/confirm",
        {"token": token, "password": "brand new secret"},
    )
    assert done.status_code == 204
    reused = post(
        Client(),
        BASE + "auth/password-reset/confirm",
        {"token": token, "password": "brand new secret"},
    )
    assert reused.status_code == 400
    assert reused.json()["code"] == "invalid_token"
    signin = post(
        Client(),
        BASE + "auth/signin",
        {"email": "alice@example.com", "password": "brand new secret"},
    )
    assert signin.status_code == 200


def test_emails_link_to_the_student_panel_on_the_tenant_host(tenant, jobs):
    from urllib.parse import parse_qs, urlparse

    post(Client(), BASE + "auth/signup", {"email": "linky@example.com", "password": PASSWORD})
    jobs.run()
    link = next(line for line in mail.outbox[-1].body.splitlines() if "://" in line)
    url = urlparse(link)
    assert url.netloc.startswith("localhost:")
    assert url.path == "/student/verify-email"
    assert parse_qs(url.query)["token"] == [token_in(mail.outbox[-1])]
