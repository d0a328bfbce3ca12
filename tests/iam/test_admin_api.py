"""IAM admin API: users, groups, roles, policies, attachments, boundary, simulator, audit."""

from __future__ import annotations

import json

import pytest

from apps.iam import authorization
from apps.iam.models import AuditEvent, GroupMembership, InlinePolicy, ManagedPolicy, User
from apps.iam.services import policies_seed_managed, user_put_inline_policy
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_user
from tests.iam.helpers import allow, deny, patch, post, put

pytestmark = pytest.mark.django_db
API = "/api/admin/iam/"


@pytest.fixture(autouse=True)
def _fresh_cache():
    authorization.cache_clear()


@pytest.fixture
def alice(tenant):
    with tenant_context(tenant):
        return make_user(tenant, "alice@example.com", name="Alice", admin=True)


def test_users_list_searches_sorts_and_paginates(owner_client, tenant, alice):
    with tenant_context(tenant):
        for i in range(3):
            make_user(tenant, f"zed{i}@example.com", name=f"Zed {i}")
    page = owner_client.get(API + "users", {"search": "zed", "sort": "-email", "per_page": 2})
    assert page.status_code == 200
    assert [u["email"] for u in page.json()] == ["zed2@example.com", "zed1@example.com"]
    assert json.loads(page["X-Pagination"])["total"] == 3
    first = owner_client.get(API + "users", {"sort": "email"}).json()[0]
    assert first == {
        "id": alice.pk,
        "email": "alice@example.com",
        "name": "Alice",
        "status": "active",
        "admin_panel_access": True,
        "account_owner": False,
        "mfa_enabled": False,
        "email_verified": False,
        "last_sign_in": None,
        "created_at": first["created_at"],
    }
    bad = owner_client.get(API + "users", {"sort": "password"})
    assert bad.status_code == 400


def test_users_list_query_count_is_pinned(owner_client, django_assert_num_queries):
    owner_client.get(API + "users")
    # tenant, savepoint, set_config, session, user, page, count, restore, release.
    with django_assert_num_queries(9):
        assert owner_client.get(API + "users").status_code == 200


def test_user_lifecycle_create_update_suspend_reset_mfa_delete(owner_client, tenant, owner):
    created = post(owner_client, API + "users", {"email": "New@Example.com", "name": "New"})
    assert created.status_code == 201
    user_id = created.json()["id"]
    assert created.json()["email"] == "new@example.com"
    duplicate = post(owner_client, API + "users", {"email": "new@example.com"})
    assert duplicate.status_code == 409

    updated = patch(
        owner_client, API + f"users/{user_id}", {"name": "Renamed", "tags": {"team": "ops"}}
    )
    assert (updated.json()["name"], updated.json()["tags"]) == ("Renamed", {"team": "ops"})
    assert post(owner_client, API + f"users/{user_id}/suspend").json()["status"] == "suspended"
    assert post(owner_client, API + f"users/{user_id}/unsuspend").json()["status"] == "active"
    with tenant_context(tenant):
        User.objects.filter(pk=user_id).update(mfa_enabled=True, mfa_secret="ABC")
    assert post(owner_client, API + f"users/{user_id}/reset-mfa").json()["mfa_enabled"] is False
    assert owner_client.delete(API + f"users/{user_id}").status_code == 204
    assert owner_client.get(API + f"users/{user_id}").status_code == 404
    owner_delete = owner_client.delete(API + f"users/{owner.pk}")
    assert owner_delete.status_code == 409

    audit = owner_client.get(API + "audit", {"search": f"user/{user_id}"}).json()
    assert [e["action"] for e in audit] == [
        "iam:users:delete",
        "iam:users:reset_mfa",
        "iam:users:unsuspend",
        "iam:users:suspend",
        "iam:users:update",
        "iam:users:invited",
        "iam:users:create",
    ]
    assert audit[0]["actor"] == {"id": owner.pk, "email": owner.email}
    assert audit[0]["ip"] == "127.0.0.1"


def test_groups_members_roles_and_attachments(owner_client, tenant, alice):
    group = post(owner_client, API + "groups", {"name": "Ops", "description": "operators"}).json()
    policy = post(
        owner_client,
        API + "policies",
        {"name": "Lister", "document": allow("teacherseat:admin:iam:users:list")},
    ).json()
    assert put(owner_client, API + f"groups/{group['id']}/members/{alice.pk}").status_code == 200
    attached = put(owner_client, API + f"groups/{group['id']}/policies/{policy['id']}").json()
    assert attached["members"] == [{"id": alice.pk, "email": "alice@example.com", "name": "Alice"}]
    assert attached["attached_policies"] == [{"id": policy["id"], "name": "Lister"}]
    # every academy also has the default Learners group
    assert [g["name"] for g in owner_client.get(API + "groups").json()] == ["Learners", "Ops"]

    client = signed_in(alice)
    assert client.get(API + "users").status_code == 200
    assert owner_client.delete(API + f"groups/{group['id']}/members/{alice.pk}").status_code == 204
    assert client.get(API + "users").status_code == 403

    role = post(owner_client, API + "roles", {"name": "Auditor"}).json()
    put(owner_client, API + f"roles/{role['id']}/policies/{policy['id']}")
    detail = put(owner_client, API + f"roles/{role['id']}/users/{alice.pk}").json()
    assert detail["users"][0]["id"] == alice.pk
    assert client.get(API + "users").status_code == 200
    assert owner_client.delete(API + f"roles/{role['id']}").status_code == 204
    assert client.get(API + "users").status_code == 403
    assert owner_client.delete(API + f"groups/{group['id']}").status_code == 204
    with tenant_context(tenant):  # only the default Learners memberships are left
        assert {m.group.name for m in GroupMembership.objects.all()} == {"Learners"}


def test_inline_policies_boundary_and_warnings(owner_client, tenant, alice):
    response = put(
        owner_client,
        API + f"users/{alice.pk}/inline-policies/self",
        {
            "document": allow(
                ["teacherseat:admin:iam:users:list", "teacherseat:admin:nosuch:x:list"]
            )
        },
    )
    assert response.status_code == 200
    assert response.json()["inline_policies"][0]["name"] == "self"
    assert [w["code"] for w in response.json()["warnings"]] == ["unknown_action"]
    client = signed_in(alice)
    assert client.get(API + "users").status_code == 200

    boundary = post(
        owner_client,
        API + "policies",
        {"name": "Nothing", "document": allow("teacherseat:x:y:z:w")},
    )
    put(owner_client, API + f"users/{alice.pk}/boundary", {"policy_id": boundary.json()["id"]})
    assert client.get(API + "users").status_code == 403
    assert owner_client.delete(API + f"users/{alice.pk}/boundary").status_code == 204
    assert owner_client.delete(API + f"users/{alice.pk}/inline-policies/self").status_code == 204
    assert client.get(API + "users").status_code == 403


def test_invalid_policy_document_is_a_400_keyed_by_json_pointer(owner_client):
    bad = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "a:b", "NotAction": "c", "Resource": "*"}],
    }
    response = post(owner_client, API + "policies", {"name": "Bad", "document": bad})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_policy"
    assert any(p.startswith("/Statement/0") for p in body["errors"])


def test_policy_versions_default_and_limit(owner_client):
    policy = post(
        owner_client,
        API + "policies",
        {"name": "P", "document": allow("teacherseat:admin:iam:users:list")},
    ).json()
    base = API + f"policies/{policy['id']}/versions"
    for _ in range(4):
        assert (
            post(
                owner_client, base, {"document": allow("teacherseat:admin:iam:users:read")}
            ).status_code
            == 201
        )
    sixth = post(owner_client, base, {"document": allow("teacherseat:admin:iam:users:read")})
    assert sixth.status_code == 409
    assert sixth.json()["code"] == "too_many_versions"
    detail = post(owner_client, base + "/3/default").json()
    assert detail["default_version"] == 3
    assert detail["document"]["Statement"][0]["Action"] == "teacherseat:admin:iam:users:read"
    assert owner_client.delete(base + "/3").status_code == 409
    assert owner_client.delete(base + "/1").status_code == 204
    assert [v["number"] for v in owner_client.get(base).json()] == [5, 4, 3, 2]


def test_managed_policies_cannot_be_changed(owner_client, tenant):
    policies_seed_managed(tenant)
    with tenant_context(tenant):
        admin_policy = ManagedPolicy.objects.get(name="AdministratorAccess")
    listed = owner_client.get(API + "policies", {"managed": "true", "per_page": 100}).json()
    assert "AdministratorAccess" in {p["name"] for p in listed}
    response = patch(owner_client, API + f"policies/{admin_policy.pk}", {"description": "x"})
    assert response.status_code == 409
    assert response.json()["code"] == "managed_policy_locked"


def test_simulator_explains_with_ad_hoc_policies_and_with_a_user(owner_client, tenant, alice):
    body = {
        "policies": [
            allow("teacherseat:admin:iam:*"),
            {
                **deny("teacherseat:admin:iam:users:delete"),
                "Statement": [
                    {
                        **deny("teacherseat:admin:iam:users:delete")["Statement"][0],
                        "Sid": "NoDelete",
                    }
                ],
            },
        ],
        "action": "teacherseat:admin:iam:users:delete",
        "resource": "trn:teacherseat:default:iam:user/1",
    }
    response = post(owner_client, API + "simulate", body)
    assert response.status_code == 200
    assert response.json()["decision"] == "ExplicitDeny"
    assert response.json()["statements"] == [
        {"policy": "policies[1]", "sid": "NoDelete", "effect": "Deny", "source": "identity"}
    ]
    with tenant_context(tenant):
        user_put_inline_policy(
            actor=None,
            user=alice,
            name="own",
            document=allow(
                "teacherseat:admin:iam:users:read", "trn:teacherseat:default:iam:user/${ts:userid}"
            ),
        )
    own = post(
        owner_client,
        API + "simulate",
        {
            "user_id": alice.pk,
            "action": "teacherseat:admin:iam:users:read",
            "resource": f"trn:teacherseat:default:iam:user/{alice.pk}",
        },
    )
    other = post(
        owner_client,
        API + "simulate",
        {
            "user_id": alice.pk,
            "action": "teacherseat:admin:iam:users:read",
            "resource": "trn:teacherseat:default:iam:user/999",
        },
    )
    assert own.json()["decision"] == "Allow"
    assert own.json()["statements"][0]["policy"] == "user/own"
    assert other.json()["decision"] == "ImplicitDeny"
    invalid = post(
        owner_client, API + "simulate", {"policies": [{"Statement": "x"}], "action": "a:b"}
    )
    assert invalid.status_code == 400
    assert all(p.startswith("/policies/0") for p in invalid.json()["errors"])


def test_resource_ids_let_policies_limit_users_to_themselves(tenant, alice):
    with tenant_context(tenant):
        bob = make_user(tenant, "bob@example.com")
        user_put_inline_policy(
            actor=None,
            user=alice,
            name="own",
            document=allow(
                "teacherseat:admin:iam:users:read", "trn:teacherseat:default:iam:user/${ts:userid}"
            ),
        )
    client = signed_in(alice)
    assert client.get(API + f"users/{alice.pk}").status_code == 200
    denied = client.get(API + f"users/{bob.pk}")
    assert denied.status_code == 403
    assert denied.json()["resource"] == f"trn:teacherseat:default:iam:user/{bob.pk}"


def test_every_iam_write_is_audited_and_stamped(owner_client, tenant):
    with tenant_context(tenant):
        before = authorization.current_stamp()
    post(owner_client, API + "groups", {"name": "G"})
    post(owner_client, API + "roles", {"name": "R"})
    with tenant_context(tenant):
        assert authorization.current_stamp() == before + 2
        assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
            "iam:groups:create",
            "iam:roles:create",
        }
        assert InlinePolicy.objects.count() == 0


def test_a_user_created_without_password_is_invited_by_email(owner_client, tenant, jobs):
    import re

    from django.core import mail
    from django.test import Client

    created = post(owner_client, "/api/admin/iam/users", {"email": "Newbie@Example.com"})
    assert created.status_code == 201
    assert mail.outbox == []  # the worker sends it
    assert "iam.mail_invitation" in jobs.run()
    invitation = mail.outbox[-1]
    assert invitation.to == ["newbie@example.com"]
    assert "/student/password-reset/confirm?token=" in invitation.body
    assert "valid for 7 days" in invitation.body
    token = re.search(r"token=(\S+)", invitation.body).group(1)

    chosen = "a freshly chosen passphrase"
    confirm = post(
        Client(),
        "/api/student/iam/auth/password-reset/confirm",
        {"token": token, "password": chosen},
    )
    assert confirm.status_code in {200, 204}
    signin = post(
        Client(),
        "/api/student/iam/auth/signin",
        {"email": "newbie@example.com", "password": chosen},
    )
    assert signin.status_code == 200


def test_users_list_filters_learners_or_staff(owner_client, tenant, alice, owner):
    with tenant_context(tenant):
        learner = make_user(tenant, "learner@example.com")
    learners = owner_client.get(API + "users", {"staff": "false"})
    assert [u["email"] for u in learners.json()] == [learner.email]
    assert json.loads(learners["X-Pagination"])["total"] == 1
    staff = owner_client.get(API + "users", {"staff": "true", "sort": "email"}).json()
    assert [u["email"] for u in staff] == sorted([alice.email, owner.email])
    bad = owner_client.get(API + "users", {"staff": "maybe"})
    assert bad.status_code == 400
    assert bad.json()["code"] == "invalid_filter"
