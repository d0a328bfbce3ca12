"""E2E: turn on two-step verification, then sign in with a TOTP code (pyotp computes it)."""

from __future__ import annotations

import time
from typing import Any

import pyotp
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import orm, screenshot, sign_in
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase 42"


def test_sign_in_with_mfa(demo: Any, live_server: Any, page: Any, page_errors: list[str]) -> None:
    # given a learner with a password
    with orm(demo):
        make_user(demo, "mfa.learner@example.com", password=PASSWORD, name="Mia Factor")
    base = live_server.url

    # when they sign in and set up two-step verification in account settings
    sign_in(page, base, "mfa.learner@example.com", PASSWORD, next_path="/student/account")
    expect(page.get_by_role("heading", name="Account settings")).to_be_visible()
    page.get_by_role("button", name="Set up two-step verification").click()
    secret = page.get_by_test_id("mfa-secret").inner_text().strip()
    assert page.get_by_test_id("otpauth-uri").inner_text().startswith("otpauth://totp/")
    totp = pyotp.TOTP(secret)
    page.get_by_label("Authentication code").fill(totp.now())
    page.get_by_role("button", name="Turn on").click()

    # then recovery codes are shown once and MFA is on
    expect(page.get_by_test_id("recovery-codes")).to_be_visible()
    assert len(page.get_by_test_id("recovery-codes").locator("li").all()) >= 5
    screenshot(page, "mfa-recovery-codes")

    # when they sign out and sign in again
    page.get_by_role("button", name="I saved them").click()
    page.locator("summary").click()
    page.get_by_test_id("menu-signout").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in(page, base, "mfa.learner@example.com", PASSWORD)

    # then a code is asked for; a wrong one is refused next to the form
    expect(page.get_by_role("heading", name="Two-step verification")).to_be_visible()
    page.get_by_label("Authentication code").fill("000000")
    page.get_by_role("button", name="Verify").click()
    expect(page.locator(".form-errors")).to_be_visible()
    screenshot(page, "mfa-code-step")

    # and the next time step's code (codes are single-use) signs them in
    page.get_by_label("Authentication code").fill(totp.at(time.time() + 30))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Course catalogue")).to_be_visible()
    expect(page.locator("summary")).to_contain_text("Mia Factor")
    assert page_errors == []
