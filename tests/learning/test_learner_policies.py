"""Learners are principals: student endpoints ask IAM, and a Deny on any student action holds.

Every account is in the Learners group (LearnerAccess); an academy narrows it with policies.
"""

from __future__ import annotations

from typing import Any

import pytest

from apps.core.api.base import StudentApi
from apps.iam.models import Group, GroupMembership, PolicyAttachment
from apps.iam.services import user_put_inline_policy
from apps.tenants.context import tenant_context
from tests.urlwalk import routes

pytestmark = pytest.mark.django_db


def _student_operations() -> list[tuple[str, str, str]]:
    """(route, method, action) for every signed-in, policy-checked student operation."""
    found = []
    for route in routes():
        view = route.view_class
        if not (isinstance(view, type) and issubclass(view, StudentApi)):
            continue
        if view.public or view.self_service:
            continue
        for method in view.served_methods():
            action = view.action_for(method)
            assert action, f"{route}: {method} declares no action"
            found.append((route.route, method, action))
    return found


OPERATIONS = _student_operations()


def _url(route: str) -> str:
    import re

    return "/" + re.sub(r"<[^>]*>", "1", route)


def test_every_student_action_is_covered():
    actions = {a for _, _, a in OPERATIONS}
    assert {
        "teacherseat:student:learning:courses:read",
        "teacherseat:student:learning:attempts:write",
        "teacherseat:student:learning:certificates:read",
    } <= actions


@pytest.mark.parametrize(("route", "method", "action"), OPERATIONS, ids=str)
def test_a_deny_on_a_student_action_is_enforced(world: Any, tenant: Any, route, method, action):
    with tenant_context(tenant):
        user_put_inline_policy(
            actor=None,
            user=world.alice,
            name="no-" + action.rsplit(":", 2)[-2],
            document={
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Deny", "Action": action, "Resource": "*"}],
            },
        )
    response = getattr(world.alice_client, method.lower())(
        _url(route), {}, content_type="application/json"
    )
    assert response.status_code == 403, (route, method, response.status_code)
    assert response.json()["code"] == "action_denied" and response.json()["action"] == action


def test_new_accounts_are_learners_and_leaving_the_group_removes_access(world, tenant):
    with tenant_context(tenant):
        learners = Group.objects.get(name="Learners")
        assert GroupMembership.objects.filter(group=learners, user=world.alice).exists()
        attached = PolicyAttachment.objects.filter(group=learners).select_related("policy")
        assert [a.policy.name for a in attached] == ["LearnerAccess"]
    course_url = f"/api/student/learning/courses/{world.course.pk}/outline"
    world.alice_client.post(f"/api/student/learning/courses/{world.course.pk}/enroll")
    assert world.alice_client.get(course_url).status_code == 200

    from apps.iam.services import holders

    with tenant_context(tenant):
        holders.holder_user_remove(actor=None, holder=learners, user=world.alice)
    refused = world.alice_client.get(course_url)
    assert refused.status_code == 403 and refused.json()["code"] == "action_denied"
    assert world.alice_client.get("/api/student/iam/me").status_code == 200  # own account
