"""Per-academy account settings. Callers are authorised (admin API) or internal (sign-in)."""

from __future__ import annotations

from django.db import transaction

from apps.iam.audit import audit_record
from apps.iam.models import AccountSettings, User


def account_settings_get() -> AccountSettings:
    """The current academy's settings (an unsaved row of defaults if none was changed)."""
    return AccountSettings.objects.first() or AccountSettings()


@transaction.atomic
def account_settings_update(
    *, actor: User | None, signin_requires_verified_email: bool | None = None
) -> AccountSettings:
    current = AccountSettings.objects.select_for_update().first() or AccountSettings()
    changes: dict[str, bool] = {}
    if (
        signin_requires_verified_email is not None
        and signin_requires_verified_email != current.signin_requires_verified_email
    ):
        current.signin_requires_verified_email = signin_requires_verified_email
        changes["signin_requires_verified_email"] = signin_requires_verified_email
    if changes or current.pk is None:
        current.save()
    if changes:
        audit_record(
            actor=actor, action="iam:settings:update", target="settings/accounts", details=changes
        )
    return current


def account_settings_body(settings: AccountSettings) -> dict[str, object]:
    return {
        "signin_requires_verified_email": settings.signin_requires_verified_email,
        "updated_at": settings.updated_at.isoformat() if settings.updated_at else None,
    }
