"""One enforcement point: policies from users, groups, roles, inline, boundary; caching."""

from __future__ import annotations

import pytest
from django.db import connection

from apps.core.errors import ValidationFailed
from apps.iam import authorization
from apps.iam.models import AuditEvent, Group, GroupMembership, ManagedPolicy, Role, RoleAssignment
from apps.iam.services import holders, policies_seed_managed, user_put_inline_policy, users
from apps.iam.services import policies as svc
from apps.systems import registry
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_policy, make_user
from tests.iam.helpers import allow, deny

pytestmark = pytest.mark.django_db
LIST = "teacherseat:admin:systems:systems:list"
REGISTER = "teacherseat:admin:systems:systems:register"
SYSTEMS = "/api/admin/systems/systems"
ME = "/api/student/iam/me"


@pytest.fixture
def staff(tenant):
    with tenant_context(tenant):
        return make_user(tenant, "staff@example.com", admin=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    authorization.cache_clear()


def test_staff_without_policies_is_denied_with_the_action_named(staff):
    response = signed_in(staff).get(SYSTEMS)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "action_denied"
    assert body["action"] == LIST


def test_inline_policy_grants_and_a_later_deny_wins_without_restart(tenant, staff):
    client = signed_in(staff)
    with tenant_context(tenant):
        saved = user_put_inline_policy(actor=None, user=staff, name="ops", document=allow(LIST))
    assert saved.warnings == []
    assert client.get(SYSTEMS).status_code == 200
    with tenant_context(tenant):
        user_put_inline_policy(
            actor=None,
            user=staff,
            name="ops",
            document={
                "Version": "2012-10-17",
                "Statement": [*allow(LIST)["Statement"], *deny(LIST)["Statement"]],
            },
        )
        assert AuditEvent.objects.filter(action="iam:inline_policies:put").count() == 2
    assert client.get(SYSTEMS).status_code == 403


def test_managed_policy_via_group_and_via_role(tenant, staff):
    client = signed_in(staff)
    with tenant_context(tenant):
        policy = make_policy("Lister", allow(LIST))
        group = Group.objects.create(name="Ops")
        svc.policy_attach(actor=None, policy=policy, principal=group)
    assert client.get(SYSTEMS).status_code == 403
    with tenant_context(tenant):
        svc.group_add_member(actor=None, group=group, user=staff)
    assert client.get(SYSTEMS).status_code == 200
    with tenant_context(tenant):
        holders.holder_user_remove(actor=None, holder=group, user=staff)
        role = Role.objects.create(name="Operator")
        svc.inline_policy_put(actor=None, principal=role, name="r", document=allow(LIST))
    assert client.get(SYSTEMS).status_code == 403
    with tenant_context(tenant):
        svc.role_assign(actor=None, role=role, user=staff)
        assert RoleAssignment.objects.filter(user=staff).count() == 1
        assert [m.group.name for m in GroupMembership.objects.filter(user=staff)] == ["Learners"]
    assert client.get(SYSTEMS).status_code == 200


def test_boundary_only_removes(tenant, staff):
    client = signed_in(staff)
    with tenant_context(tenant):
        user_put_inline_policy(actor=None, user=staff, name="all", document=allow("teacherseat:*"))
        boundary = make_policy("OnlyRegister", allow(REGISTER))
        svc.boundary_put(actor=None, user=staff, policy=boundary)
    assert client.get(SYSTEMS).status_code == 403
    with tenant_context(tenant):
        svc.boundary_delete(actor=None, user=staff)
    assert client.get(SYSTEMS).status_code == 200


def test_conditions_see_mfa_username_and_principal_tags(tenant, staff):
    client = signed_in(staff)
    mfa_only = allow(LIST, Condition={"Bool": {"ts:MultiFactorAuthPresent": "true"}})
    with tenant_context(tenant):
        user_put_inline_policy(actor=None, user=staff, name="mfa", document=mfa_only)
    assert client.get(SYSTEMS).status_code == 403
    session = client.session
    session["ts_mfa"] = True
    session.save()
    assert client.get(SYSTEMS).status_code == 200

    tagged = allow(
        LIST,
        Condition={
            "StringEquals": {"ts:PrincipalTag/team": "ops", "ts:username": "${ts:username}"}
        },
    )
    with tenant_context(tenant):
        user_put_inline_policy(actor=None, user=staff, name="mfa", document=tagged)
    assert client.get(SYSTEMS).status_code == 403
    with tenant_context(tenant):
        users.user_update(actor=None, user=staff, changes={"tags": {"team": "ops"}})
    assert client.get(SYSTEMS).status_code == 200


def test_change_by_another_process_is_seen_through_the_stamp(tenant, staff):
    client = signed_in(staff)
    with tenant_context(tenant):
        user_put_inline_policy(actor=None, user=staff, name="p", document=allow(LIST))
    assert client.get(SYSTEMS).status_code == 200
    with tenant_context(tenant), connection.cursor() as cursor:
        # Another process rewrites the policy and bumps the stamp; our cache is stale.
        cursor.execute(
            "UPDATE iam_inline_policies SET document = %s",
            ['{"Version": "2012-10-17", "Statement": []}'],
        )
        cursor.execute("UPDATE iam_policy_stamps SET version = version + 1")
    assert client.get(SYSTEMS).status_code == 403


def test_admin_request_reads_the_stamp_once_and_policies_only_on_a_miss(
    tenant, staff, django_assert_num_queries
):
    client = signed_in(staff)
    with tenant_context(tenant):
        user_put_inline_policy(actor=None, user=staff, name="p", document=allow(LIST))
    client.get(SYSTEMS)  # warm
    # tenant, savepoint, set_config, session, user, stamp, count, page, restore, release.
    with django_assert_num_queries(10):
        assert client.get(SYSTEMS).status_code == 200


def test_invalid_document_is_a_400_with_json_pointers_and_unknown_actions_warn(tenant, staff):
    with tenant_context(tenant):
        with pytest.raises(ValidationFailed) as caught:
            user_put_inline_policy(
                actor=None,
                user=staff,
                name="bad",
                document={
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Maybe", "Action": "x", "Resource": "*"}],
                },
            )
        saved = user_put_inline_policy(
            actor=None,
            user=staff,
            name="warn",
            document=allow("teacherseat:admin:nosuch:things:list"),
        )
    assert caught.value.code == "invalid_policy"
    assert "/Statement/0/Effect" in caught.value.errors
    assert [w["code"] for w in saved.warnings] == ["unknown_action"]


def test_managed_policies_are_seeded_idempotently_from_the_catalogue(tenant, staff):
    assert policies_seed_managed(tenant) > 0
    assert policies_seed_managed(tenant) == 0
    with tenant_context(tenant):
        names = set(ManagedPolicy.objects.values_list("name", flat=True))
        iam_full = ManagedPolicy.objects.get(name="IAMFullAccess").versions.get().document
        read_only = ManagedPolicy.objects.get(name="ReadOnlyAccess")
        svc.policy_attach(actor=None, policy=read_only, principal=staff)
    assert {
        "AdministratorAccess",
        "ReadOnlyAccess",
        "IAMFullAccess",
        "IAMReadOnly",
        "SystemsFullAccess",
    } <= names
    iam_actions = {a for a in registry.all_actions() if a.split(":")[2] == "iam"}
    assert set(iam_full["Statement"][0]["Action"]) == iam_actions
    client = signed_in(staff)
    assert client.get(SYSTEMS).status_code == 200
    register = client.post(SYSTEMS + "/sdk_api/register", content_type="application/json")
    assert register.status_code == 403
    allowed = client.get(ME).json()["allowed_actions"]
    assert LIST in allowed
    assert REGISTER not in allowed
    # ReadOnlyAccess grants only list/read/get (LearnerAccess adds the student actions)
    admin_allowed = [a for a in allowed if not a.startswith("teacherseat:student:")]
    assert all(a.rsplit(":", 1)[1] in {"list", "read", "get"} for a in admin_allowed)


def test_stamp_max_age_reuses_a_recent_stamp_but_never_past_an_own_write(tenant, staff, settings):
    settings.IAM_STAMP_MAX_AGE_MS = 60_000
    client = signed_in(staff)
    with tenant_context(tenant):
        user_put_inline_policy(actor=None, user=staff, name="p", document=allow(LIST))
    assert client.get(SYSTEMS).status_code == 200
    with tenant_context(tenant), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE iam_inline_policies SET document = %s",
            ['{"Version": "2012-10-17", "Statement": []}'],
        )
        cursor.execute("UPDATE iam_policy_stamps SET version = version + 1")
    assert client.get(SYSTEMS).status_code == 200  # another process's change: seen later
    with tenant_context(tenant):
        user_put_inline_policy(actor=None, user=staff, name="q", document=deny(LIST))
    assert client.get(SYSTEMS).status_code == 403  # this process's own write: seen at once
