"""What a new academy needs before anyone signs in, contributed by each system.

Systems register a provisioner in their ``AppConfig.ready`` (IAM seeds the managed
policies); :func:`apps.tenants.services.tenant_create` runs them all, each inside the new
tenant's context, in the same transaction as the tenant row. Provisioners must be
idempotent: ``tenants provision`` re-runs them for existing academies after an upgrade.
"""

from __future__ import annotations

from collections.abc import Callable

from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant

Provisioner = Callable[[Tenant], object]
_provisioners: dict[str, Provisioner] = {}


def register(name: str, provisioner: Provisioner) -> None:
    _provisioners[name] = provisioner


def provision(tenant: Tenant) -> list[str]:
    """Run every registered provisioner for ``tenant``; returns their names, in order."""
    with tenant_context(tenant):
        for provisioner in _provisioners.values():
            provisioner(tenant)
    return list(_provisioners)
