"""Groups, roles, managed and inline policies, attachments, the stamp and the audit log."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from apps.iam.models.accounts import User
from apps.tenants.models import TenantOwnedModel


def _unique_name(table: str) -> models.UniqueConstraint:
    """Names are unique within an academy, whatever their case."""
    return models.UniqueConstraint("tenant", Lower("name"), name=f"{table}_tenant_name_uniq")


class PrincipalHolder(TenantOwnedModel):
    """What groups and roles share; each keeps its own table (see apps/iam/principals.py)."""

    name = models.CharField(max_length=128)
    description = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Group(PrincipalHolder):
    members = models.ManyToManyField(User, through="GroupMembership", related_name="iam_groups")

    class Meta:
        db_table = "iam_groups"
        constraints: ClassVar[list[Any]] = [_unique_name("iam_groups")]


class Role(PrincipalHolder):
    """A named bundle of policies given to users."""

    class Meta:
        db_table = "iam_roles"
        constraints: ClassVar[list[Any]] = [_unique_name("iam_roles")]


class Holding(TenantOwnedModel):
    """A user held by a group (a membership) or a role (an assignment): each names its
    holder and user foreign keys, one row per (holder, user), indexed by user. The names
    are the migrated ones (given, not derived)."""

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


def _held_once(holder: str, name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint("tenant", holder, "user", name=name)


def _by_user(name: str) -> models.Index:
    return models.Index("tenant", "user", name=name)


class GroupMembership(Holding):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_memberships")

    class Meta:
        db_table = "iam_group_memberships"
        constraints: ClassVar[list[Any]] = [_held_once("group", "iam_group_members_uniq")]
        indexes: ClassVar[list[Any]] = [_by_user("iam_gm_user_idx")]


class RoleAssignment(Holding):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")

    class Meta:
        db_table = "iam_role_assignments"
        constraints: ClassVar[list[Any]] = [_held_once("role", "iam_role_assignments_uniq")]
        indexes: ClassVar[list[Any]] = [_by_user("iam_ra_user_idx")]


class ManagedPolicy(TenantOwnedModel):
    """A reusable policy with up to five versions; one of them is the default in force."""

    MAX_VERSIONS: ClassVar[int] = 5

    name = models.CharField(max_length=128)
    description = models.CharField(max_length=1000, blank=True, default="")
    system_managed = models.BooleanField(
        default=False, help_text="Seeded from the catalogue; tenants cannot edit or delete it."
    )
    default_version = models.IntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_policies"
        constraints: ClassVar[list[Any]] = [_unique_name("iam_policies")]

    def __str__(self) -> str:
        return self.name


class PolicyVersion(TenantOwnedModel):
    policy = models.ForeignKey(ManagedPolicy, on_delete=models.CASCADE, related_name="versions")
    number = models.IntegerField()
    document = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_policy_versions"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "policy", "number", name="iam_policy_versions_uniq"),
        ]


PRINCIPAL_COLUMNS = ("user", "group", "role")  # the principal kinds (apps/iam/principals.py)


class PrincipalOwned(TenantOwnedModel):
    """A row of exactly one user, group or role: one of its principal keys is set."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, null=True, related_name="+")

    class Meta:
        abstract = True


def _one_principal(check: str, unique: str, *fields: str) -> list[models.BaseConstraint]:
    """A :class:`PrincipalOwned` table's constraints: ``<check>_one_principal`` (exactly one
    key is set) and per principal kind ``<unique>_<kind>_uniq``: ``fields`` are unique among
    that kind's rows (``"principal"`` in ``fields`` stands for the kind's key)."""
    exactly_one = reduce(
        or_,
        (Q(**{f"{c}__isnull": c != kind for c in PRINCIPAL_COLUMNS}) for kind in PRINCIPAL_COLUMNS),
    )
    return [
        models.CheckConstraint(condition=exactly_one, name=f"{check}_one_principal"),
        *(
            models.UniqueConstraint(
                *(kind if field == "principal" else field for field in fields),
                name=f"{unique}_{kind}_uniq",
                condition=Q(**{f"{kind}__isnull": False}),
            )
            for kind in PRINCIPAL_COLUMNS
        ),
    ]


class PolicyAttachment(PrincipalOwned):
    """A managed policy attached to exactly one user, group or role."""

    policy = models.ForeignKey(ManagedPolicy, on_delete=models.CASCADE, related_name="attachments")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_policy_attachments"
        constraints = _one_principal(
            "iam_attachments", "iam_attach", "tenant", "policy", "principal"
        )


class InlinePolicy(PrincipalOwned):
    """A policy embedded in exactly one user, group or role (named per principal)."""

    name = models.CharField(max_length=128)
    document = models.JSONField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_inline_policies"
        constraints = _one_principal("iam_inline", "iam_inline", "tenant", "principal", "name")


class PolicyStamp(TenantOwnedModel):
    """Per-tenant counter bumped by every IAM write; compiled policy caches key on it."""

    version = models.BigIntegerField(default=0)

    class Meta:
        db_table = "iam_policy_stamps"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", name="iam_policy_stamps_tenant_uniq"),
        ]


class AuditEvent(TenantOwnedModel):
    """The academy's audit trail: who did what to which resource, when, from where, and
    whether it was done (success), refused by policy (denied) or failed (a bad password).

    Written for every admin and SDK write in every system, IAM changes, sign-ins and
    their failures and lock-outs, MFA changes, access-key use and (rate-limited) denied
    requests. No API edits or deletes entries; old ones are purged after the retention
    period (``AUDIT_RETENTION_DAYS``).
    """

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        DENIED = "denied", "Denied"
        FAILURE = "failure", "Failure"

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_email = models.CharField(max_length=254, blank=True, default="")
    action = models.CharField(max_length=100)
    target = models.CharField(max_length=300, blank=True, default="")
    details = models.JSONField(default=dict)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.SUCCESS)
    system = models.CharField(max_length=32, blank=True, default="")
    request_id = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        db_table = "iam_audit_events"
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["tenant", "-at"], name="iam_audit_at_idx")
        ]
