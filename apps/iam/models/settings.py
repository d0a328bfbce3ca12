"""Per-academy account settings (one row per academy, created on first change)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from apps.tenants.models import TenantOwnedModel


class AccountSettings(TenantOwnedModel):
    """How accounts behave in one academy. No row means every default applies."""

    # False: people may sign in before confirming their email (the link stays valid);
    # True: sign-in answers 403 ``email_not_verified`` until they confirm it.
    signin_requires_verified_email = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "iam_account_settings"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint("tenant", name="iam_account_settings_one_per_tenant")
        ]
