"""E2E: what the panels show for 401, 404, 429, 5xx and network failures."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_error_screens(demo: Any, live_server: Any, page: Any, page_errors: list[str]) -> None:
    base = live_server.url

    # given a signed-out visitor opening a deep link: 401 sends them to sign in, then back
    page.goto(f"{base}/section31/iam/users?search=viewer")
    expect(page).to_have_url(
        f"{base}/student/signin?next=%2Fsection31%2Fiam%2Fusers%3Fsearch%3Dviewer"
    )
    page.get_by_label("Email").fill("admin@default.example.com")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()

    # a missing record shows the not-found screen
    page.goto(f"{base}/section31/content/courses/987654")
    expect(page.get_by_test_id("not-found")).to_be_visible()

    # 429 says slow down with the wait from Retry-After
    problem = {"title": "Too many requests", "status": 429, "code": "rate_limited"}
    page.route(
        "**/api/admin/iam/groups*",
        lambda route: route.fulfill(
            status=429,
            headers={"Retry-After": "30", "Content-Type": "application/problem+json"},
            body=json.dumps(problem),
        ),
    )
    page.goto(f"{base}/section31/iam/groups")
    expect(page.get_by_test_id("rate-limited")).to_contain_text("retry in")
    expect(page.get_by_test_id("rate-limited").get_by_role("button", name="Retry")).to_be_disabled()
    screenshot(page, "error-rate-limited")
    page.unroute("**/api/admin/iam/groups*")

    # 5xx and network failures offer a retry that works once the server is back
    page.route("**/api/admin/iam/roles*", lambda route: route.fulfill(status=502, body="<html>"))
    page.goto(f"{base}/section31/iam/roles")
    expect(page.get_by_test_id("retry-error")).to_contain_text("Something went wrong")
    page.unroute("**/api/admin/iam/roles*")
    page.route("**/api/admin/iam/roles*", lambda route: route.abort())
    page.get_by_role("button", name="Retry").click()
    expect(page.get_by_test_id("retry-error")).to_contain_text("Connection problem")
    screenshot(page, "error-network")
    page.unroute("**/api/admin/iam/roles*")
    page.get_by_role("button", name="Retry").click()
    expect(page.get_by_role("heading", name="Roles")).to_be_visible()
    expect(page.get_by_test_id("retry-error")).to_have_count(0)

    # and staff find the Admin link in the student panel's user menu
    page.goto(f"{base}/student/")
    page.locator("summary").click()
    expect(page.get_by_test_id("menu-admin")).to_have_attribute("href", "/section31/")
    assert page_errors == []
