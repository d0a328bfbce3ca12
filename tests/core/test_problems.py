"""Every API error is application/problem+json with a stable code and the request id."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.tenants.context import tenant_context

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].endswith(code)
    assert body["title"]
    assert body["request_id"] == response["X-Request-ID"]
    return body


def test_unknown_api_route_is_a_problem(tenant, client):
    assert_problem(client.get("/api/admin/nothing/here"), 404, "route_not_found")
    assert_problem(client.get("/api/student/nope"), 404, "route_not_found")
    assert_problem(client.get("/sdk/v1/missing"), 404, "route_not_found")


def test_unknown_page_is_a_problem_too(tenant, client):
    assert_problem(client.get("/no-such-page"), 404, "route_not_found")


def test_not_signed_in_is_401(tenant, client):
    assert_problem(client.get("/api/admin/systems/services"), 401, "not_authenticated")


def test_wrong_method_is_405(owner_client):
    assert_problem(owner_client.delete("/api/admin/systems/services"), 405, "method_not_allowed")


def test_malformed_json_is_400(owner_client):
    response = owner_client.post(
        "/api/admin/systems/systems/sdk_api/register",
        data="{not json",
        content_type="application/json",
    )
    assert_problem(response, 400, "malformed_json")


def test_oversized_body_is_413(owner_client, settings):
    settings.API_MAX_BODY_BYTES = 100
    response = owner_client.post(
        "/api/admin/systems/systems/sdk_api/register",
        data='{"x": "' + "a" * 500 + '"}',
        content_type="application/json",
    )
    assert_problem(response, 413, "payload_too_large")


def test_unexpected_exception_is_500_without_internals(owner_client, monkeypatch):
    from apps.systems import selectors

    def explode(*args, **kwargs):
        raise RuntimeError("secret internals: password=hunter2")

    monkeypatch.setattr(selectors, "systems_list_response", explode)
    body = assert_problem(owner_client.get("/api/admin/systems/systems"), 500, "internal_error")
    assert "hunter2" not in str(body)
    assert "RuntimeError" not in str(body)


def test_sane_incoming_request_id_is_honoured(tenant, client):
    response = client.get("/api/nothing", HTTP_X_REQUEST_ID="trace-1234abcd")
    assert response["X-Request-ID"] == "trace-1234abcd"
    assert response.json()["request_id"] == "trace-1234abcd"


def test_insane_incoming_request_id_is_replaced(tenant, client):
    response = client.get("/api/nothing", HTTP_X_REQUEST_ID="bad id with spaces\n")
    assert response["X-Request-ID"] != "bad id with spaces\n"
    assert len(response["X-Request-ID"]) == 32


def test_csrf_is_enforced_for_session_writes(owner):
    client = Client(enforce_csrf_checks=True)
    with tenant_context(owner.tenant_id):
        client.force_login(owner)
    response = client.post(
        "/api/admin/systems/systems/sdk_api/register", content_type="application/json"
    )
    assert_problem(response, 403, "csrf_failed")


def test_disallowed_host_is_a_problem(db, client):
    assert_problem(client.get("/api/nothing", HTTP_HOST="evil.example.org"), 400, "bad_request")
