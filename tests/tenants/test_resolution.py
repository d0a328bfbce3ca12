"""Tenant resolution from the request host, suspension and cross-tenant sessions."""

from __future__ import annotations

import pytest
from django.test import Client

from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant
from apps.tenants.services import tenant_set_status
from teacherseat.testing.clients import signed_in
from tests.factories import make_tenant, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def academies(settings):
    settings.PRIMARY_DOMAIN = "teacherseat.test"
    settings.ALLOWED_HOSTS = [".teacherseat.test", "testserver", "localhost", "learn.acme.org"]
    default = make_tenant("default")
    acme = make_tenant("acme", custom_domain="learn.acme.org")
    return default, acme


def whoami(client: Client, host: str):
    return client.get("/api/admin/systems/services", HTTP_HOST=host)


def signed_in_client(tenant: Tenant) -> Client:
    with tenant_context(tenant):
        user = make_user(tenant, f"boss@{tenant.slug}.test", admin=True, owner=True)
    return signed_in(user)


@pytest.mark.parametrize(
    ("host", "slug"),
    [
        ("acme.app.teacherseat.test", "acme"),
        ("learn.acme.org", "acme"),
        ("LEARN.ACME.ORG:8443", "acme"),
        ("localhost", "default"),
        ("localhost:8000", "default"),
        ("testserver", "default"),
    ],
)
def test_host_resolves_to_tenant(academies, host, slug):
    client = signed_in_client(Tenant.objects.get(slug=slug))
    response = whoami(client, host)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("host", ["ghost.app.teacherseat.test", "a.b.app.teacherseat.test"])
def test_unknown_host_is_404_tenant_not_found(academies, client, host):
    response = whoami(client, host)
    assert response.status_code == 404
    assert response.json()["code"] == "tenant_not_found"


def test_suspended_tenant_answers_403_and_keeps_data(academies, client):
    _, acme = academies
    with tenant_context(acme):
        make_user(acme, "learner@acme.test")
    tenant_set_status(tenant=acme, status=Tenant.Status.SUSPENDED)
    for path in ("/api/admin/systems/services", "/section31/", "/student/courses"):
        response = client.get(path, HTTP_HOST="acme.app.teacherseat.test")
        assert response.status_code == 403
        assert response.json()["code"] == "tenant_suspended"
    with tenant_context(acme):
        from apps.iam.models import User

        assert User.objects.filter(email="learner@acme.test").exists()


def test_session_from_tenant_a_is_signed_out_on_tenant_b(academies):
    default, _ = academies
    client = signed_in_client(default)
    assert whoami(client, "localhost").status_code == 200
    response = whoami(client, "acme.app.teacherseat.test")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_healthz_needs_no_tenant(academies, client):
    assert client.get("/healthz", HTTP_HOST="unknown.teacherseat.test").status_code == 200
