"""Access keys for the SDK API."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils import timezone

from apps.iam.models.accounts import User
from apps.tenants.models import TenantOwnedModel


class AccessKey(TenantOwnedModel):
    """``key_id`` is public and self-identifying (see :mod:`apps.iam.keys`); the secret is
    stored only as its SHA-256 digest."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_keys")
    key_id = models.CharField(max_length=64)
    secret_hash = models.CharField(max_length=64)
    description = models.CharField(max_length=200, blank=True, default="")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    session_policy = models.JSONField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "iam_access_keys"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "key_id", name="iam_access_keys_key_uniq"),
        ]
        indexes: ClassVar[list[Any]] = [models.Index("tenant", "user", name="iam_keys_user_idx")]
