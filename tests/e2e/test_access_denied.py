"""E2E: a Deny policy made in the admin panel stops a second admin, who sees the action."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from apps.content import services as content_services
from apps.iam.models import ManagedPolicy
from apps.iam.services.policies import policy_attach
from tests.e2e.conftest import DEMO_PASSWORD, orm, screenshot, sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DELETE = "teacherseat:admin:content:courses:delete"
# The Deny names the courses, not "*": the panel disables a button whose action is denied
# everywhere (``session.guard``), so only a per-object Deny reaches the access-denied page.
COURSES = "trn:teacherseat:*:content:course/*"
DENY_DOC = (
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "NoCourseDeletion",\n'
    f'      "Effect": "Deny",\n      "Action": "{DELETE}",\n      "Resource": "{COURSES}"\n'
    "    }\n  ]\n}"
)


def test_denied_course_deletion_names_the_action(
    demo: Any, live_server: Any, new_page: Any, page_errors: list[str]
) -> None:
    # given a second admin with full access, and a course
    with orm(demo):
        second = make_user(
            demo,
            "second.admin@example.com",
            password="second admin pass 77",
            admin=True,
            name="Sam Second",
        )
        policy_attach(
            actor=None,
            policy=ManagedPolicy.objects.get(name="AdministratorAccess"),
            principal=second,
        )
        doomed = content_services.course_create(title="Doomed Course", slug="doomed-course")
    base = live_server.url
    owner = new_page()

    # when the account owner writes a policy denying course deletion in the JSON editor
    sign_in(
        owner,
        base,
        "admin@default.example.com",
        DEMO_PASSWORD,
        next_path="/section31/iam/policies/new",
    )
    expect(owner.get_by_role("heading", name="New policy")).to_be_visible()
    owner.get_by_label("Name", exact=True).fill("DenyCourseDeletion")
    # a typo first: the error is shown at the line of the bad value
    owner.locator("#policy-document").fill(DENY_DOC.replace('"Deny"', '"Dney"'))
    owner.get_by_role("button", name="Create policy").click()
    expect(owner.get_by_test_id("json-errors")).to_contain_text("Line 6")
    screenshot(owner, "policy-editor-error")
    owner.locator("#policy-document").fill(DENY_DOC)
    owner.get_by_role("button", name="Create policy").click()
    expect(owner.get_by_role("heading", name="DenyCourseDeletion")).to_be_visible()

    # and attaches it to the second admin
    owner.goto(f"{base}/section31/iam/users")
    owner.get_by_label("Search users by email or name").fill("second.admin")
    owner.get_by_role("link", name="second.admin@example.com").click()
    expect(owner.get_by_role("heading", name="Sam Second")).to_be_visible()
    owner.get_by_label("Attach policy").select_option(label="DenyCourseDeletion")
    owner.get_by_role("button", name="Attach", exact=True).click()
    expect(owner.get_by_role("link", name="DenyCourseDeletion")).to_be_visible()
    screenshot(owner, "user-detail")

    # and the policy simulator explains the decision for that admin
    owner.goto(f"{base}/section31/iam/simulator")
    owner.get_by_label("User", exact=True).select_option(label="second.admin@example.com")
    owner.get_by_label("Resource", exact=True).fill(
        f"trn:teacherseat:{demo.slug}:content:course/{doomed.pk}"
    )
    owner.get_by_role("button", name="Simulate").click()
    expect(owner.get_by_test_id("sim-result")).to_contain_text("ExplicitDeny")
    expect(owner.get_by_test_id("sim-result")).to_contain_text("NoCourseDeletion")
    screenshot(owner, "policy-simulator")

    # then the second admin, deleting the course, sees the access-denied page naming the action
    second_page = new_page()
    sign_in(
        second_page,
        base,
        "second.admin@example.com",
        "second admin pass 77",
        next_path="/section31/content/courses",
    )
    expect(second_page.get_by_role("link", name="Doomed Course")).to_be_visible()
    second_page.get_by_role("button", name="Delete Doomed Course").click()
    second_page.get_by_test_id("confirm").click()
    denied = second_page.get_by_test_id("access-denied")
    expect(denied).to_be_visible()
    expect(denied.locator("code.action")).to_have_text(DELETE)
    # an administrator may read policies, so the page names the deciding policy
    expect(denied.get_by_test_id("denied-by")).to_contain_text("DenyCourseDeletion")
    screenshot(second_page, "access-denied")
    with orm(demo):
        from apps.content.models import Course

        assert Course.objects.filter(slug="doomed-course").exists()
    assert page_errors == []
