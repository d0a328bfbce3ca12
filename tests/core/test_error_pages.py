"""Debug pages never reach a client; panels and APIs answer their own error shapes.

Security headers: the panels' Content-Security-Policy, ``no-store`` on API responses.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path

from apps.core.debug import MaskingExceptionReporterFilter

pytestmark = pytest.mark.django_db
HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internals: postgresql://postgres:hunter2@db/teacherseat")


urlpatterns = [path("boom", _boom), path("", include("teacherseat.urls"))]


def _assert_no_debug_page(response: Any) -> None:
    body = response.content.decode(errors="replace")
    for leak in ("DATABASE_URL", "Traceback", "hunter2", "Using the URLconf", "technical"):
        assert leak not in body, f"{leak!r} leaked: {body[:300]}"


@override_settings(DEBUG=True, ROOT_URLCONF="tests.core.test_error_pages")
def test_an_unhandled_error_shows_no_traceback_even_in_debug(tenant: Any) -> None:
    client = Client(raise_request_exception=False)
    api_like = client.get("/boom")
    browser = client.get("/boom", HTTP_ACCEPT=HTML)

    assert api_like.status_code == browser.status_code == 500
    assert api_like["Content-Type"] == "application/problem+json"
    assert api_like.json()["code"] == "internal_error"
    assert browser["Content-Type"].startswith("text/html")
    _assert_no_debug_page(api_like)
    _assert_no_debug_page(browser)


@override_settings(DEBUG=True)
@pytest.mark.parametrize("url", ["/student/%00", "/no-such-page", "/student/a%00b/c"])
def test_hostile_or_unknown_paths_in_debug_answer_without_debug_pages(
    tenant: Any, url: str
) -> None:
    client = Client(raise_request_exception=False)
    for accept in (HTML, "application/json"):
        response = client.get(url, HTTP_ACCEPT=accept)
        assert 400 <= response.status_code < 500, (url, response.status_code)
        _assert_no_debug_page(response)


def test_error_reports_mask_the_database_url() -> None:
    masked = MaskingExceptionReporterFilter().get_safe_settings()
    hidden = MaskingExceptionReporterFilter.cleansed_substitute
    assert masked["DATABASE_URL"] == hidden
    assert masked["DATABASES"] == hidden


def test_the_root_url_leads_to_the_student_panel(tenant: Any) -> None:
    response = Client().get("/")
    assert response.status_code == 302 and response["Location"] == "/student/"


def test_an_unknown_academy_gets_a_page_in_browsers_and_a_problem_for_apis() -> None:
    browser = Client().get("/student/", HTTP_HOST="nope.app.localhost", HTTP_ACCEPT=HTML)
    api = Client().get("/api/student/iam/me", HTTP_HOST="nope.app.localhost")
    assert browser.status_code == api.status_code == 404
    assert browser["Content-Type"].startswith("text/html")
    assert b"tenant_not_found" in browser.content
    assert api["Content-Type"] == "application/problem+json"


def test_panels_carry_a_strict_content_security_policy(tenant: Any) -> None:
    for panel in ("/student/", "/section31/", "/student/courses/1"):
        response = Client().get(panel)
        assert response.status_code == 200
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_api_responses_with_personal_data_or_secrets_are_not_stored(
    owner: Any, owner_client: Client
) -> None:
    me = owner_client.get("/api/student/iam/me")
    key = owner_client.post(
        f"/api/admin/iam/users/{owner.pk}/access-keys", {}, content_type="application/json"
    )
    enroll = owner_client.post(
        "/api/student/iam/me/mfa/enroll", {}, content_type="application/json"
    )
    problem = Client().get("/api/student/iam/me")
    assert me.status_code == 200 and key.status_code == 201 and enroll.status_code == 200
    for response in (me, key, enroll, problem):
        assert response["Cache-Control"] == "no-store"
