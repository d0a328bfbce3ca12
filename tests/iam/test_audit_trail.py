"""The platform-wide audit trail: writes in every system, refusals, sign-in failures,
lock-outs, access-key use; filters, CSV export, retention, and no edits through the API."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from apps.iam.models import AuditEvent
from apps.iam.services.audit_retention import audit_purge_expired
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_user
from tests.iam.helpers import API, create_key, post, sdk

pytestmark = pytest.mark.django_db
AUDIT = API + "audit"


def events(tenant: Any, **filters: Any) -> list[AuditEvent]:
    with tenant_context(tenant):
        return list(AuditEvent.objects.filter(**filters).order_by("at", "id"))


def test_an_admin_write_in_any_system_is_recorded_with_its_request_id(owner_client, tenant, owner):
    response = post(owner_client, "/api/admin/content/courses", {"title": "T", "slug": "t"})
    assert response.status_code == 201
    [event] = events(tenant, action="teacherseat:admin:content:courses:create")
    assert event.outcome == "success" and event.system == "content"
    assert event.actor_id == owner.pk and event.request_id == response["X-Request-ID"]
    assert event.target == "trn:teacherseat:default:content:course/*"
    assert event.details["status"] == 201

    post(owner_client, "/api/admin/systems/systems/sdk_api/deregister")
    assert events(tenant, action="teacherseat:admin:systems:systems:deregister", system="systems")


def test_refusals_are_recorded_after_the_response_but_cannot_flood_the_trail(tenant):
    with tenant_context(tenant):
        staff = make_user(tenant, "limited@example.com", admin=True)
    client = signed_in(staff)
    for _ in range(25):
        assert post(client, "/api/admin/content/courses", {"title": "x"}).status_code == 403
    denied = events(tenant, outcome="denied")
    assert len(denied) == 20  # DENIED_PER_MINUTE
    assert denied[0].action == "teacherseat:admin:content:courses:create"
    assert denied[0].actor_id == staff.pk and denied[0].system == "content"
    assert not events(tenant, outcome="success", system="content")


@override_settings(IAM_SIGNIN_LIMIT_PER_ACCOUNT=2)
def test_failed_sign_ins_and_lock_outs_are_recorded(tenant):
    with tenant_context(tenant):
        user = make_user(tenant, "victim@example.com")
    signin = "/api/student/iam/auth/signin"
    post(Client(), signin, {"email": "nobody@example.com", "password": "x"})
    for _ in range(3):
        post(Client(), signin, {"email": "victim@example.com", "password": "wrong"})
    failures = events(tenant, outcome="failure")
    assert [e.action for e in failures] == [
        "iam:users:signin_failed",
        "iam:users:signin_failed",
        "iam:users:signin_failed",
        "iam:users:signin_locked",
    ]
    assert failures[0].actor_id is None and failures[0].details == {"email": "nobody@example.com"}
    assert failures[-1].actor_id == user.pk


def test_access_key_use_is_recorded_at_most_once_a_minute(owner_client, tenant, owner):
    key = create_key(owner_client, owner.pk)
    for _ in range(3):
        assert sdk(key["key_id"], key["secret"]).status_code == 200
    used = events(tenant, action="iam:access_keys:used")
    assert len(used) == 1 and used[0].target == f"access_key/{key['key_id']}"


def test_the_trail_is_filterable_and_exportable(owner_client, tenant):
    post(owner_client, "/api/admin/content/courses", {"title": "A", "slug": "a"})
    post(Client(), "/api/student/iam/auth/signin", {"email": "x@example.com", "password": "x"})
    today = timezone.now().date().isoformat()
    content = owner_client.get(AUDIT, {"system": "content", "since": today}).json()
    assert [e["action"] for e in content] == ["teacherseat:admin:content:courses:create"]
    assert content[0]["outcome"] == "success" and content[0]["request_id"]
    failed = owner_client.get(AUDIT, {"outcome": "failure"}).json()
    assert [e["action"] for e in failed] == ["iam:users:signin_failed"]
    assert (
        owner_client.get(AUDIT, {"action": "teacherseat:admin:"}).json()[0]["system"] == "content"
    )
    assert owner_client.get(AUDIT, {"until": "2000-01-01"}).json() == []
    bad = owner_client.get(AUDIT, {"outcome": "maybe"})
    assert bad.status_code == 400 and bad.json()["code"] == "validation_error"

    export = owner_client.get(AUDIT + "/export.csv", {"outcome": "failure"})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:5] == ["at", "actor_email", "action", "target", "outcome"]
    assert [r[2] for r in rows[1:]] == ["iam:users:signin_failed"]


def test_entries_cannot_be_changed_through_the_api(owner_client):
    for method in ("patch", "put", "delete", "post"):
        response = getattr(owner_client, method)(AUDIT, {}, content_type="application/json")
        assert response.status_code == 405, method


@override_settings(AUDIT_RETENTION_DAYS=30)
def test_retention_purges_only_entries_past_the_period(owner_client, tenant, owner):
    with tenant_context(tenant):
        old = AuditEvent.objects.create(action="old", at=timezone.now() - timedelta(days=31))
        AuditEvent.objects.create(action="recent", at=timezone.now() - timedelta(days=29))
    assert audit_purge_expired() >= 1
    with tenant_context(tenant):
        assert not AuditEvent.objects.filter(pk=old.pk).exists()
        assert AuditEvent.objects.filter(action="recent").exists()
