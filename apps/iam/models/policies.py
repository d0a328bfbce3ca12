"""Groups, roles, managed and inline policies, attachments, the stamp and the audit log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from apps.iam.models.accounts import User
from apps.tenants.models import TenantOwnedModel


class Group(TenantOwnedModel):
    name = models.CharField(max_length=128)
    description = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)
    members = models.ManyToManyField(User, through="GroupMembership", related_name="iam_groups")

    class Meta:
        db_table = "iam_groups"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", Lower("name"), name="iam_groups_tenant_name_uniq"),
        ]

    def __str__(self) -> str:
        return self.name


class GroupMembership(TenantOwnedModel):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="group_memberships")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_group_memberships"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "group", "user", name="iam_group_members_uniq"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index("tenant", "user", name="iam_gm_user_idx")]


class Role(TenantOwnedModel):
    """A named bundle of policies given to users."""

    name = models.CharField(max_length=128)
    description = models.CharField(max_length=500, blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_roles"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", Lower("name"), name="iam_roles_tenant_name_uniq"),
        ]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(TenantOwnedModel):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_role_assignments"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "role", "user", name="iam_role_assignments_uniq"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index("tenant", "user", name="iam_ra_user_idx")]


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
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", Lower("name"), name="iam_policies_tenant_name_uniq"),
        ]

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


def _exactly_one_principal(prefix: str) -> models.CheckConstraint:
    one_of = (
        Q(user__isnull=False, group__isnull=True, role__isnull=True)
        | Q(user__isnull=True, group__isnull=False, role__isnull=True)
        | Q(user__isnull=True, group__isnull=True, role__isnull=False)
    )
    return models.CheckConstraint(condition=one_of, name=f"{prefix}_one_principal")


class PolicyAttachment(TenantOwnedModel):
    """A managed policy attached to exactly one user, group or role."""

    policy = models.ForeignKey(ManagedPolicy, on_delete=models.CASCADE, related_name="attachments")
    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_policy_attachments"
        constraints: ClassVar[list[Any]] = [
            _exactly_one_principal("iam_attachments"),
            models.UniqueConstraint(
                "tenant",
                "policy",
                "user",
                name="iam_attach_user_uniq",
                condition=Q(user__isnull=False),
            ),
            models.UniqueConstraint(
                "tenant",
                "policy",
                "group",
                name="iam_attach_group_uniq",
                condition=Q(group__isnull=False),
            ),
            models.UniqueConstraint(
                "tenant",
                "policy",
                "role",
                name="iam_attach_role_uniq",
                condition=Q(role__isnull=False),
            ),
        ]


class InlinePolicy(TenantOwnedModel):
    """A policy embedded in exactly one user, group or role (named per principal)."""

    name = models.CharField(max_length=128)
    document = models.JSONField()
    user = models.ForeignKey(User, on_delete=models.CASCADE, null=True, related_name="+")
    group = models.ForeignKey(Group, on_delete=models.CASCADE, null=True, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.CASCADE, null=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_inline_policies"
        constraints: ClassVar[list[Any]] = [
            _exactly_one_principal("iam_inline"),
            models.UniqueConstraint(
                "tenant",
                "user",
                "name",
                name="iam_inline_user_uniq",
                condition=Q(user__isnull=False),
            ),
            models.UniqueConstraint(
                "tenant",
                "group",
                "name",
                name="iam_inline_group_uniq",
                condition=Q(group__isnull=False),
            ),
            models.UniqueConstraint(
                "tenant",
                "role",
                "name",
                name="iam_inline_role_uniq",
                condition=Q(role__isnull=False),
            ),
        ]


class PolicyStamp(TenantOwnedModel):
    """Per-tenant counter bumped by every IAM write; compiled policy caches key on it."""

    version = models.BigIntegerField(default=0)

    class Meta:
        db_table = "iam_policy_stamps"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", name="iam_policy_stamps_tenant_uniq"),
        ]


class AuditEvent(TenantOwnedModel):
    """Who did what to which IAM object, when and from where."""

    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    actor_email = models.CharField(max_length=254, blank=True, default="")
    action = models.CharField(max_length=100)
    target = models.CharField(max_length=300, blank=True, default="")
    details = models.JSONField(default=dict)
    ip = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_audit_events"
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["tenant", "-at"], name="iam_audit_at_idx")
        ]
