"""Writes on tenants. Callers are trusted operators (management commands, demo data).

The app role may only read ``tenants_tenants``: every write here goes through the owner's
login (:func:`apps.tenants.db_role.owner_connection`). ``manage.py tenants`` runs
privileged, so its writes share one transaction with the provisioning that follows; an
unprivileged caller (``seed_demo``, tests) has the tenant row committed on a connection of
its own first, and a failed provisioning is repaired with ``manage.py tenants provision``.
"""

from __future__ import annotations

from django.db import transaction

from apps.tenants import provisioning
from apps.tenants.db_role import owner_connection
from apps.tenants.models import Tenant


class TenantError(ValueError):
    pass


@transaction.atomic
def tenant_create(*, slug: str, name: str, custom_domain: str | None = None) -> Tenant:
    """Create an academy and provision it (managed policies, …)."""
    with owner_connection() as using, transaction.atomic(using=using):
        tenants = Tenant.objects.using(using)
        if tenants.filter(slug=slug).exists():
            raise TenantError(f"A tenant with slug {slug!r} already exists.")
        pk = tenants.create(slug=slug, name=name, custom_domain=custom_domain or None).pk
    tenant = Tenant.objects.get(pk=pk)
    provisioning.provision(tenant)
    return tenant


@transaction.atomic
def tenant_get_or_create(*, slug: str, name: str) -> tuple[Tenant, bool]:
    with owner_connection() as using:
        row, created = Tenant.objects.using(using).get_or_create(slug=slug, defaults={"name": name})
    tenant = Tenant.objects.get(pk=row.pk)
    if created:
        provisioning.provision(tenant)
    return tenant, created


def tenant_set_status(*, tenant: Tenant, status: str) -> Tenant:
    with owner_connection() as using:
        Tenant.objects.using(using).filter(pk=tenant.pk).update(status=status)
    tenant.status = status
    return tenant


def tenant_set_domain(*, tenant: Tenant, domain: str | None) -> Tenant:
    domain = (domain or "").strip().lower() or None
    with owner_connection() as using, transaction.atomic(using=using):
        tenants = Tenant.objects.using(using)
        if domain and tenants.exclude(pk=tenant.pk).filter(custom_domain=domain).exists():
            raise TenantError(f"The domain {domain!r} is already used by another tenant.")
        tenants.filter(pk=tenant.pk).update(custom_domain=domain)
    tenant.custom_domain = domain
    return tenant
