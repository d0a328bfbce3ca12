"""The action catalogue (``GET /api/admin/systems/actions``) and the self-service menu reads."""

from __future__ import annotations

from typing import Any

import pytest

from apps.iam.models import ManagedPolicy
from apps.iam.services.policies import policy_attach
from apps.iam.services.seed import policies_seed_managed
from apps.systems import registry
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_policy, make_user

pytestmark = pytest.mark.django_db

ACTIONS = "/api/admin/systems/actions"
GLOBAL_KEYS = {
    "ts:SourceIp": "IpAddress",
    "ts:CurrentTime": "Date",
    "ts:SecureTransport": "Bool",
    "ts:MultiFactorAuthPresent": "Bool",
    "ts:username": "String",
    "ts:userid": "String",
    "ts:PrincipalTag/<key>": "String",
}


def staff_with(tenant: Any, email: str, *policy_names: str, document: Any = None) -> Any:
    """A staff member (panel access) with the named managed policies, or one custom document."""
    if policy_names:
        policies_seed_managed(tenant)
    with tenant_context(tenant):
        user = make_user(tenant, email, admin=True)
        for name in policy_names:
            policy_attach(actor=None, policy=ManagedPolicy.objects.get(name=name), principal=user)
        if document is not None:
            policy = make_policy(f"custom-{email}", document)
            policy_attach(actor=None, policy=policy, principal=user)
    return signed_in(user)


def allow(*actions: str) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}],
    }


def test_catalogue_lists_every_installed_systems_actions_and_the_global_keys(owner_client):
    response = owner_client.get(ACTIONS)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    systems = {s["system"]: s for s in body["systems"]}
    assert list(systems) == sorted(registry.catalogue())
    listed = {a["action"] for s in body["systems"] for a in s["actions"]}
    assert listed == set(registry.all_actions())
    iam = systems["iam"]
    assert iam["identifier"] == "TeacherSeat.Admin.IAM" and iam["registered"] is True
    read = next(a for a in iam["actions"] if a["action"] == "teacherseat:admin:iam:policies:read")
    assert read["description"] and read["condition_keys"] == []
    upload = next(
        a
        for a in systems["content"]["actions"]
        if a["action"] == "teacherseat:admin:content:materials:upload"
    )
    assert {k["key"]: k["type"] for k in upload["condition_keys"]} == {
        "content:FileSize": "Numeric",
        "content:FileType": "String",
    }
    assert all(k["description"] for k in upload["condition_keys"])
    assert {k["key"]: k["type"] for k in body["global_condition_keys"]} == GLOBAL_KEYS


def test_a_deregistered_system_is_still_listed_but_flagged(owner_client):
    deregistered = owner_client.post(
        "/api/admin/systems/systems/sdk_api/deregister", content_type="application/json"
    )
    assert deregistered.status_code == 200
    systems = {s["system"]: s for s in owner_client.get(ACTIONS).json()["systems"]}
    assert systems["sdk_api"]["registered"] is False
    assert systems["iam"]["registered"] is True


@pytest.mark.parametrize(
    "action", ["teacherseat:admin:iam:policies:read", "teacherseat:admin:iam:policies:simulate"]
)
def test_policy_readers_and_simulators_may_read_it(tenant, action):
    client = staff_with(tenant, "author@example.com", document=allow(action))
    assert client.get(ACTIONS).status_code == 200


def test_others_get_403_naming_the_declared_action(tenant):
    client = staff_with(tenant, "editor@example.com", "ContentFullAccess")
    response = client.get(ACTIONS)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "action_denied"
    assert body["action"] == "teacherseat:admin:iam:policies:read"


def test_a_deny_on_simulate_does_not_hide_a_granted_read(tenant):
    document = allow("teacherseat:admin:iam:policies:read")
    document["Statement"].append(
        {"Effect": "Deny", "Action": "teacherseat:admin:iam:policies:simulate", "Resource": "*"}
    )
    client = staff_with(tenant, "reader@example.com", document=document)
    assert client.get(ACTIONS).status_code == 200


def test_action_catalogue_query_count_is_pinned(owner_client, django_assert_num_queries):
    owner_client.get(ACTIONS)  # warm caches
    # tenant, savepoint, set_config, session, user, catalogue, restore set_config, release.
    with django_assert_num_queries(8):
        owner_client.get(ACTIONS)


# ---- the menu and the interfaces follow the caller's own permissions ----


def test_staff_without_a_menu_permission_get_the_entries_they_may_use(tenant):
    client = staff_with(tenant, "instructor@example.com", "ContentFullAccess", "LearningReadOnly")
    response = client.get("/api/admin/systems/services")
    assert response.status_code == 200
    entries = {e["system"] for g in response.json() for e in g["entries"]}
    assert "content" in entries
    assert "iam" not in entries and "systems" not in entries
    assert client.get("/api/admin/systems/interfaces").status_code == 200


def test_staff_with_no_policy_get_an_empty_menu_not_a_403(tenant):
    client = staff_with(tenant, "new.staff@example.com")
    response = client.get("/api/admin/systems/services")
    assert response.status_code == 200
    assert response.json() == []


def test_a_deny_on_the_menu_action_changes_nothing_for_a_self_service_read(tenant):
    document = allow("teacherseat:admin:content:*")
    document["Statement"].append(
        {"Effect": "Deny", "Action": "teacherseat:admin:systems:services:list", "Resource": "*"}
    )
    client = staff_with(tenant, "denied.menu@example.com", document=document)
    response = client.get("/api/admin/systems/services")
    assert response.status_code == 200
    assert {e["system"] for g in response.json() for e in g["entries"]} == {"content"}


def test_self_service_reads_still_need_panel_access(tenant):
    with tenant_context(tenant):
        learner = make_user(tenant, "learner2@example.com")
    client = signed_in(learner)
    for path in ("/api/admin/systems/services", "/api/admin/systems/interfaces"):
        response = client.get(path)
        assert response.status_code == 403
        assert response.json()["code"] == "no_panel_access"


def test_staff_menu_query_count_is_pinned(tenant, django_assert_num_queries):
    client = staff_with(tenant, "counted@example.com", "ContentFullAccess")
    client.get("/api/admin/systems/services")  # warm caches (compiled policies)
    # tenant, savepoint, set_config, session, user, policy stamp, menu, restore, release.
    with django_assert_num_queries(9):
        client.get("/api/admin/systems/services")


def test_the_global_keys_listed_are_the_ones_the_engine_knows():
    # given the engine's own table of request-wide keys (``*`` for any tag name)
    from apps.iam.engine.keys import GLOBAL_CONDITION_KEYS

    known = GLOBAL_CONDITION_KEYS

    # then the catalogue lists exactly those, with the same types
    listed = {k.replace("<key>", "*"): t for k, t in GLOBAL_KEYS.items()}
    assert listed == dict(known)
