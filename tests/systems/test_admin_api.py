"""Systems Management admin API: list, services menu, register/deregister."""

from __future__ import annotations

import json
import math

import pytest

from apps.systems import registry
from apps.systems.models import SystemRegistration
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_tenant, make_user

pytestmark = pytest.mark.django_db


def test_services_menu_lists_entries_of_registered_systems_by_category(owner_client):
    response = owner_client.get("/api/admin/systems/services")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    menu = response.json()
    categories = [group["category"] for group in menu]
    assert categories == sorted(categories)
    names = {entry["name"] for group in menu for entry in group["entries"]}
    assert {"Users", "Policies", "Systems", "SDK API"} <= names
    systems = next(g for g in menu if g["category"] == "Platform")["entries"]
    assert systems == [
        {
            "system": "systems",
            "identifier": "TeacherSeat.Admin.Systems",
            "name": "Systems",
            "path": "/section31/systems",
            "icon": "grid",
            "permission": "teacherseat:admin:systems:systems:list",
        }
    ]


def test_deregistered_system_vanishes_from_menu_and_its_routes_answer_404(owner_client):
    assert owner_client.get("/sdk/v1/ping").status_code == 200
    response = owner_client.post(
        "/api/admin/systems/systems/sdk_api/deregister", content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"label": "sdk_api", "registered": False}

    names = {
        e["name"]
        for g in owner_client.get("/api/admin/systems/services").json()
        for e in g["entries"]
    }
    assert "SDK API" not in names
    ping = owner_client.get("/sdk/v1/ping")
    assert ping.status_code == 404
    assert ping.json()["code"] == "route_not_found"

    assert (
        owner_client.post(
            "/api/admin/systems/systems/sdk_api/register", content_type="application/json"
        ).status_code
        == 200
    )
    assert owner_client.get("/sdk/v1/ping").status_code == 200


def test_core_system_cannot_be_deregistered(owner_client):
    response = owner_client.post(
        "/api/admin/systems/systems/iam/deregister", content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "core_system_locked"


def test_unknown_system_is_404(owner_client):
    response = owner_client.post(
        "/api/admin/systems/systems/nope/deregister", content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json()["code"] == "system_not_found"


def test_registration_is_per_tenant(owner_client, tenant):
    owner_client.post(
        "/api/admin/systems/systems/sdk_api/deregister", content_type="application/json"
    )
    acme = make_tenant("acme")
    with tenant_context(acme):
        assert SystemRegistration.objects.count() == 0
    with tenant_context(tenant):
        assert SystemRegistration.objects.get().registered is False


def test_systems_list_is_paginated_sorted_and_searchable(owner_client):
    response = owner_client.get("/api/admin/systems/systems?per_page=2&sort=-name")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 2
    assert [s["name"] for s in body] == sorted([s["name"] for s in body], reverse=True)
    meta = json.loads(response["X-Pagination"])
    assert (
        meta["page"] == 1 and meta["per_page"] == 2 and meta["total"] == len(registry.catalogue())
    )
    assert (
        meta["total_pages"] == math.ceil(meta["total"] / 2)
        and meta["next_page"] == 2
        and meta["previous_page"] is None
    )
    assert 'rel="next"' in response["Link"] and "page=2" in response["Link"]

    found = owner_client.get("/api/admin/systems/systems?search=identity").json()
    assert [s["label"] for s in found] == ["iam"]
    assert found[0]["registered"] is True and found[0]["core"] is True


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("per_page=101", "per_page_too_large"),
        ("page=0", "invalid_pagination"),
        ("page=abc", "invalid_pagination"),
        ("sort=password", "invalid_sort"),
        ("sort=name;DROP TABLE iam_users", "invalid_sort"),
    ],
)
def test_bad_list_parameters_are_400(owner_client, query, code):
    response = owner_client.get(f"/api/admin/systems/systems?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == code


def test_out_of_bounds_page_is_empty_and_flagged(owner_client):
    response = owner_client.get("/api/admin/systems/systems?page=9")
    assert response.json() == []
    assert json.loads(response["X-Pagination"])["out_of_bounds"] is True


def test_admin_without_permission_gets_403_naming_the_action(tenant):
    with tenant_context(tenant):
        staff = make_user(tenant, "staff@example.com", admin=True)
    response = signed_in(staff).get("/api/admin/systems/systems")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "action_denied"
    assert body["action"] == "teacherseat:admin:systems:systems:list"


def test_learner_without_panel_access_gets_403(tenant):
    with tenant_context(tenant):
        learner = make_user(tenant, "learner@example.com")
    response = signed_in(learner).get("/api/admin/systems/services")
    assert response.status_code == 403
    assert response.json()["code"] == "no_panel_access"


def test_services_menu_query_count_is_pinned(owner_client, django_assert_num_queries):
    owner_client.get("/api/admin/systems/services")  # warm caches
    # tenant, savepoint, set_config, session, user, menu, restore set_config, release.
    # In production the savepoint pair is BEGIN/COMMIT and the restore is skipped.
    with django_assert_num_queries(8):
        owner_client.get("/api/admin/systems/services")
