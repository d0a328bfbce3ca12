"""Admin URLs of IAM, mounted at ``/api/admin/iam/``.

Users, groups and roles share their policy URLs, and groups and roles all of theirs: one
function per set, applied to each kind declared in :mod:`apps.iam.principals`.
"""

from typing import Any

from django.urls import URLPattern, path

from apps.iam.api import admin
from apps.iam.principals import HOLDER_KINDS, USERS, PrincipalHolderKind, PrincipalKind

USER = "users/<int:user_id>"
KEY = f"{USER}/access-keys/<str:key_id>"
POLICY = "policies/<int:policy_id>"
VERSION = f"{POLICY}/versions/<int:number>"


def _one(kind: PrincipalKind[Any]) -> str:
    return f"{kind.plural}/<int:{kind.url_kwarg}>"


def principal_policy_urls(kind: PrincipalKind[Any]) -> list[URLPattern]:
    """``iam-<kind>-attachment`` and ``iam-<kind>-inline`` of a user, group or role."""
    attachment = admin.AttachmentApi.for_kind(kind).as_view()
    inline = admin.InlineApi.for_kind(kind).as_view()
    return [
        path(f"{_one(kind)}/{POLICY}", attachment, name=f"iam-{kind.name}-attachment"),
        path(f"{_one(kind)}/inline-policies/<str:name>", inline, name=f"iam-{kind.name}-inline"),
    ]


def holder_urls(kind: PrincipalHolderKind[Any]) -> list[URLPattern]:
    """``iam-<plural>``, ``iam-<kind>``, ``iam-<kind>-<member>`` and the policy URLs."""
    held = f"{_one(kind)}/{kind.members}/<int:user_id>"
    users = admin.HolderUserApi.for_kind(kind).as_view()
    return [
        path(kind.plural, admin.HoldersApi.for_kind(kind).as_view(), name=f"iam-{kind.plural}"),
        path(_one(kind), admin.HolderApi.for_kind(kind).as_view(), name=f"iam-{kind.name}"),
        path(held, users, name=f"iam-{kind.name}-{kind.member}"),
        *principal_policy_urls(kind),
    ]


urlpatterns = [
    path("account-settings", admin.AccountSettingsApi.as_view(), name="iam-account-settings"),
    path("users", admin.UsersApi.as_view(), name="iam-users"),
    path(USER, admin.UserApi.as_view(), name="iam-user"),
    path(f"{USER}/suspend", admin.UserSuspendApi.as_view(), name="iam-user-suspend"),
    path(f"{USER}/unsuspend", admin.UserUnsuspendApi.as_view(), name="iam-user-unsuspend"),
    path(f"{USER}/reset-mfa", admin.UserResetMfaApi.as_view(), name="iam-user-reset-mfa"),
    path(f"{USER}/boundary", admin.UserBoundaryApi.as_view(), name="iam-user-boundary"),
    *principal_policy_urls(USERS),
    path(f"{USER}/access-keys", admin.AccessKeysApi.as_view(), name="iam-keys"),
    path(KEY, admin.AccessKeyApi.as_view(), name="iam-key"),
    path(f"{KEY}/rotate", admin.AccessKeyRotateApi.as_view(), name="iam-key-rotate"),
    *[pattern for kind in HOLDER_KINDS for pattern in holder_urls(kind)],
    path("policies", admin.PoliciesApi.as_view(), name="iam-policies"),
    path(POLICY, admin.PolicyApi.as_view(), name="iam-policy"),
    path(f"{POLICY}/versions", admin.PolicyVersionsApi.as_view(), name="iam-policy-versions"),
    path(VERSION, admin.PolicyVersionApi.as_view(), name="iam-policy-version"),
    path(
        f"{VERSION}/default",
        admin.PolicyDefaultVersionApi.as_view(),
        name="iam-policy-default-version",
    ),
    path("simulate", admin.SimulateApi.as_view(), name="iam-simulate"),
    path("audit", admin.AuditApi.as_view(), name="iam-audit"),
    path("audit/export.csv", admin.AuditExportApi.as_view(), name="iam-audit-export"),
]
