"""A 403 names the deciding policy statement, but only to callers who may read policies."""

from __future__ import annotations

from typing import Any

import pytest

from apps.iam.services import user_put_inline_policy
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db
DELETE = "teacherseat:admin:content:courses:delete"


def _staff(tenant: Any, email: str, statements: list[dict[str, Any]]) -> Any:
    with tenant_context(tenant):
        user = make_user(tenant, email, admin=True)
        user_put_inline_policy(
            actor=None,
            user=user,
            name="rules",
            document={"Version": "2012-10-17", "Statement": statements},
        )
    return signed_in(user)


ALLOW_CONTENT = {"Effect": "Allow", "Action": "teacherseat:admin:content:*", "Resource": "*"}
DENY_DELETE = {"Sid": "NoDeletes", "Effect": "Deny", "Action": DELETE, "Resource": "*"}
READ_POLICIES = {
    "Effect": "Allow",
    "Action": "teacherseat:admin:iam:policies:read",
    "Resource": "*",
}


@pytest.fixture
def course(tenant: Any) -> Any:
    with tenant_context(tenant):
        return make_course("explained")


def test_an_explicit_deny_names_the_policy_and_statement(tenant, course):
    client = _staff(tenant, "a@example.com", [ALLOW_CONTENT, DENY_DELETE, READ_POLICIES])
    response = client.delete(f"/api/admin/content/courses/{course.pk}")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "action_denied" and body["action"] == DELETE
    assert body["denial"]["reason"] == "explicit_deny"
    assert body["denial"]["statements"] == [
        {"policy": "user/rules", "sid": "NoDeletes", "source": "identity"}
    ]
    assert "NoDeletes" in body["detail"]


def test_a_missing_grant_is_told_apart_from_a_deny(tenant, course):
    client = _staff(tenant, "b@example.com", [READ_POLICIES])
    body = client.delete(f"/api/admin/content/courses/{course.pk}").json()
    assert body["denial"]["reason"] == "not_granted"
    assert body["denial"]["statements"] == []


def test_callers_who_cannot_read_policies_get_the_plain_answer(tenant, course):
    client = _staff(tenant, "c@example.com", [ALLOW_CONTENT, DENY_DELETE])
    body = client.delete(f"/api/admin/content/courses/{course.pk}").json()
    assert body["code"] == "action_denied"
    assert "denial" not in body and "NoDeletes" not in body["detail"]
