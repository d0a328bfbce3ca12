"""E2E: an instructor (managed ``Instructor`` policy only) sees just the menu it may use."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from apps.iam.engine import Decision, evaluate
from apps.iam.models import ManagedPolicy
from apps.iam.services.policies import policy_attach
from apps.iam.services.seed import managed_policy_documents
from apps.systems import registry
from tests.e2e.conftest import orm, screenshot, sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMAIL = "ivy.instructor@example.com"
PASSWORD = "instructor pass 42"
IAM = "teacherseat:admin:iam"


def _system_of(action: str) -> str:
    # teacherseat:<panel>:<system>:<resource>:<verb>
    return action.split(":")[2]


def expected_menu(slug: str) -> tuple[set[str], set[str]]:
    """(names allowed, names not allowed) of the menu entries, by the Instructor document."""
    document = managed_policy_documents()["Instructor"][1]
    allowed: set[str] = set()
    denied: set[str] = set()
    for manifest in registry.catalogue().values():
        for entry in manifest.menu:
            resource = f"trn:teacherseat:{slug}:{_system_of(entry.permission)}:*"
            decision = evaluate(document, entry.permission, resource)
            (allowed if decision == Decision.ALLOW else denied).add(entry.name)
    return allowed, denied - allowed


def test_instructor_sees_only_allowed_menu_and_disabled_buttons(
    demo: Any, live_server: Any, page: Any, page_errors: list[str]
) -> None:
    # given an instructor with admin panel access and only the managed Instructor policy,
    # and a learner with two-step verification on (so Reset MFA is shown)
    with orm(demo):
        instructor = make_user(demo, EMAIL, password=PASSWORD, admin=True, name="Ivy Instructor")
        policy_attach(
            actor=None,
            policy=ManagedPolicy.objects.get(name="Instructor"),
            principal=instructor,
        )
        make_user(
            demo,
            "mfa.learner@example.com",
            name="Mia Factor",
            mfa_enabled=True,
            mfa_secret="JBSWY3DPEHPK3PXP",
        )
    allowed, denied = expected_menu(demo.slug)
    # sanity: the policy grants some entries (Users among them) and not the IAM policies
    assert "Users" in allowed
    assert "Policies" in denied
    base = live_server.url

    # when they sign in to the admin panel
    sign_in(page, base, EMAIL, PASSWORD, next_path="/section31/")
    nav = page.get_by_role("navigation", name="Services")
    expect(nav.get_by_role("link", name="Dashboard", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Users", exact=True)).to_be_visible()

    # then the menu shows exactly the entries whose permission the policy allows
    shown = {t.strip() for t in nav.locator("ul li a").all_inner_texts()} - {"Dashboard"}
    assert shown == allowed, f"menu {sorted(shown)} != allowed {sorted(allowed)}"
    assert not shown & denied
    # and the IAM Policies entry is absent
    expect(nav.get_by_role("link", name="Policies", exact=True)).to_have_count(0)
    screenshot(page, "instructor-menu")

    # when they open the Users list (they may list users) and a learner's detail page
    nav.get_by_role("link", name="Users", exact=True).click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    expect(page.get_by_test_id("new-user")).to_have_count(0)
    page.get_by_label("Search users by email or name").fill("mfa.learner")
    page.get_by_role("link", name="mfa.learner@example.com").click()
    expect(page.get_by_role("heading", name="Mia Factor")).to_be_visible()

    # then the buttons needing actions the Instructor lacks are disabled and name the action
    for label, action in [
        ("Suspend", f"{IAM}:users:suspend"),
        ("Reset MFA", f"{IAM}:users:reset_mfa"),
        ("Delete", f"{IAM}:users:delete"),
    ]:
        button = page.get_by_role("button", name=label, exact=True)
        expect(button).to_be_disabled()
        expect(button).to_have_attribute("title", f"You need {action}")
    expect(page.locator("#f-admin")).to_be_disabled()
    expect(page.locator("#f-admin")).to_have_attribute("title", f"You need {IAM}:users:update")
    screenshot(page, "instructor-user-detail")
    assert page_errors == []
