from __future__ import annotations

from typing import Any, ClassVar

from django.db import models

from apps.tenants.models import TenantOwnedModel


class SystemRegistration(TenantOwnedModel):
    """Per-academy registration state; a system without a row is registered."""

    label = models.CharField(max_length=64)
    registered = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "systems_registrations"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                "tenant", "label", name="systems_registrations_tenant_label_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label}: {'registered' if self.registered else 'deregistered'}"
