"""Writes on system registration. Callers have been authorised (IAM) already."""

from __future__ import annotations

from django.db import transaction

from apps.systems import registry
from apps.systems.errors import CoreSystemLocked, SystemNotFound
from apps.systems.models import SystemRegistration


@transaction.atomic
def system_set_registered(*, label: str, registered: bool) -> SystemRegistration:
    """Register or deregister ``label`` for the current tenant (core systems are locked)."""
    manifest = registry.get(label)
    if manifest is None:
        raise SystemNotFound(f"No system is installed with label {label!r}.")
    if manifest.is_core and not registered:
        raise CoreSystemLocked(f"{manifest.identifier} is a core system.")
    row: SystemRegistration
    row, _ = SystemRegistration.objects.select_for_update().get_or_create(
        label=label, defaults={"registered": registered}
    )
    if row.registered != registered:
        row.registered = registered
        row.save(update_fields=["registered", "updated_at"])
    return row
