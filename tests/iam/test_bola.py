"""BOLA: an admin of tenant A cannot read or change any IAM object of tenant B (404)."""

from __future__ import annotations

from typing import Any

import pytest

from apps.iam import urls_admin
from apps.iam.models import AccessKey, Group, GroupMembership, ManagedPolicy, Role, User
from apps.iam.services.keys import access_key_create
from apps.tenants.context import tenant_context
from tests.factories import make_policy, make_user
from tests.iam.helpers import allow

pytestmark = pytest.mark.django_db
API = "/api/admin/iam/"
DOC = allow("teacherseat:admin:iam:users:list")

# (url name, method, path template, body); ids are tenant B's objects.
CASES: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("iam-user", "get", "users/{user}", None),
    ("iam-user", "patch", "users/{user}", {"name": "x"}),
    ("iam-user", "delete", "users/{user}", None),
    ("iam-user-suspend", "post", "users/{user}/suspend", None),
    ("iam-user-unsuspend", "post", "users/{user}/unsuspend", None),
    ("iam-user-reset-mfa", "post", "users/{user}/reset-mfa", None),
    ("iam-user-boundary", "put", "users/{user}/boundary", {"policy_id": "{policy}"}),
    ("iam-user-boundary", "put", "users/{mine}/boundary", {"policy_id": "{policy}"}),
    ("iam-user-boundary", "delete", "users/{user}/boundary", None),
    ("iam-user-attachment", "put", "users/{user}/policies/{policy}", None),
    ("iam-user-attachment", "put", "users/{mine}/policies/{policy}", None),
    ("iam-user-attachment", "delete", "users/{user}/policies/{policy}", None),
    ("iam-user-inline", "put", "users/{user}/inline-policies/p", {"document": DOC}),
    ("iam-user-inline", "delete", "users/{user}/inline-policies/p", None),
    ("iam-keys", "get", "users/{user}/access-keys", None),
    ("iam-keys", "post", "users/{user}/access-keys", {}),
    ("iam-key", "patch", "users/{user}/access-keys/{key}", {"status": "inactive"}),
    ("iam-key", "patch", "users/{mine}/access-keys/{key}", {"status": "inactive"}),
    ("iam-key", "delete", "users/{user}/access-keys/{key}", None),
    ("iam-key-rotate", "post", "users/{user}/access-keys/{key}/rotate", None),
    ("iam-group", "get", "groups/{group}", None),
    ("iam-group", "patch", "groups/{group}", {"name": "x"}),
    ("iam-group", "delete", "groups/{group}", None),
    ("iam-group-member", "put", "groups/{group}/members/{mine}", None),
    ("iam-group-member", "put", "groups/{my_group}/members/{user}", None),
    ("iam-group-member", "delete", "groups/{group}/members/{user}", None),
    ("iam-group-attachment", "put", "groups/{group}/policies/{policy}", None),
    ("iam-group-attachment", "delete", "groups/{group}/policies/{policy}", None),
    ("iam-group-inline", "put", "groups/{group}/inline-policies/p", {"document": DOC}),
    ("iam-group-inline", "delete", "groups/{group}/inline-policies/p", None),
    ("iam-role", "get", "roles/{role}", None),
    ("iam-role", "patch", "roles/{role}", {"name": "x"}),
    ("iam-role", "delete", "roles/{role}", None),
    ("iam-role-user", "put", "roles/{role}/users/{mine}", None),
    ("iam-role-user", "delete", "roles/{role}/users/{user}", None),
    ("iam-role-attachment", "put", "roles/{role}/policies/{policy}", None),
    ("iam-role-attachment", "delete", "roles/{role}/policies/{policy}", None),
    ("iam-role-inline", "put", "roles/{role}/inline-policies/p", {"document": DOC}),
    ("iam-role-inline", "delete", "roles/{role}/inline-policies/p", None),
    ("iam-policy", "get", "policies/{policy}", None),
    ("iam-policy", "patch", "policies/{policy}", {"description": "x"}),
    ("iam-policy", "delete", "policies/{policy}", None),
    ("iam-policy-versions", "get", "policies/{policy}/versions", None),
    ("iam-policy-versions", "post", "policies/{policy}/versions", {"document": DOC}),
    ("iam-policy-version", "delete", "policies/{policy}/versions/1", None),
    ("iam-policy-default-version", "post", "policies/{policy}/versions/1/default", None),
    ("iam-simulate", "post", "simulate", {"user_id": "{user}", "action": "a:b"}),
]
# Collection endpoints (no id in the URL) are checked by listing: B's rows never appear.
LISTS = ["users", "groups", "roles", "policies", "audit"]


@pytest.fixture
def world(tenant, other_tenant, owner):
    with tenant_context(other_tenant):
        user = make_user(other_tenant, "victim@acme.example.com")
        group = Group.objects.create(name="AcmeGroup")
        GroupMembership.objects.create(group=group, user=user)
        role = Role.objects.create(name="AcmeRole")
        policy = make_policy("AcmePolicy")
        key = access_key_create(actor=None, user=user).key
    with tenant_context(tenant):
        my_group = Group.objects.create(name="Mine")
    ids = {
        "user": user.pk,
        "group": group.pk,
        "role": role.pk,
        "policy": policy.pk,
        "key": key.key_id,
        "mine": owner.pk,
        "my_group": my_group.pk,
    }
    return ids


def fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        for name, pk in ids.items():
            if value == "{" + name + "}":
                return pk
            value = value.replace("{" + name + "}", str(pk))
        return value
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


def test_every_admin_url_has_a_bola_case():
    covered = {name for name, *_ in CASES} | {
        "iam-users",
        "iam-groups",
        "iam-roles",
        "iam-policies",
        "iam-audit",
        "iam-account-settings",  # tenant-wide: test_account_settings_are_per_academy
        "iam-audit-export",  # lists only this academy's rows (RLS), like iam-audit
    }
    assert {p.name for p in urls_admin.urlpatterns} == covered


def test_account_settings_are_per_academy(owner_client, world, other_tenant):
    from apps.iam.services.settings import account_settings_update

    with tenant_context(other_tenant):
        account_settings_update(actor=None, signin_requires_verified_email=True)
    mine = owner_client.get("/api/admin/iam/account-settings")
    assert mine.status_code == 200
    assert mine.json()["signin_requires_verified_email"] is False


@pytest.mark.parametrize(("name", "method", "template", "body"), CASES, ids=lambda v: str(v))
def test_objects_of_another_tenant_are_not_found(
    owner_client, other_tenant, world, name, method, template, body
):
    path = API + fill(template, world)
    call = getattr(owner_client, method)
    if method in {"get", "delete"}:
        response = call(path)
    else:
        response = call(path, fill(body or {}, world), content_type="application/json")
    assert response.status_code == 404, (path, response.content)
    with tenant_context(other_tenant):
        victim = User.objects.get(pk=world["user"])
        assert (victim.name, victim.status) == ("", "active")
        assert Group.objects.filter(name="AcmeGroup").exists()
        assert Role.objects.filter(name="AcmeRole").exists()
        assert ManagedPolicy.objects.get(name="AcmePolicy").versions.count() == 1
        assert AccessKey.objects.get().status == "active"


@pytest.mark.parametrize("collection", LISTS)
def test_lists_never_show_another_tenants_rows(owner_client, world, collection):
    text = owner_client.get(API + collection, {"per_page": 100}).content.decode()
    for marker in ("victim@acme", "AcmeGroup", "AcmeRole", "AcmePolicy"):
        assert marker not in text
