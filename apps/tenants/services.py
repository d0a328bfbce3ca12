"""Writes on tenants. Callers are trusted operators (management commands, demo data)."""

from __future__ import annotations

from django.db import transaction

from apps.tenants import provisioning
from apps.tenants.models import Tenant


class TenantError(ValueError):
    pass


@transaction.atomic
def tenant_create(*, slug: str, name: str, custom_domain: str | None = None) -> Tenant:
    """Create an academy and provision it (managed policies, …) in one transaction."""
    if Tenant.objects.filter(slug=slug).exists():
        raise TenantError(f"A tenant with slug {slug!r} already exists.")
    tenant = Tenant.objects.create(slug=slug, name=name, custom_domain=custom_domain or None)
    provisioning.provision(tenant)
    return tenant


@transaction.atomic
def tenant_get_or_create(*, slug: str, name: str) -> tuple[Tenant, bool]:
    tenant, created = Tenant.objects.get_or_create(slug=slug, defaults={"name": name})
    if created:
        provisioning.provision(tenant)
    return tenant, created


def tenant_set_status(*, tenant: Tenant, status: str) -> Tenant:
    tenant.status = status
    tenant.save(update_fields=["status"])
    return tenant


def tenant_set_domain(*, tenant: Tenant, domain: str | None) -> Tenant:
    domain = (domain or "").strip().lower() or None
    if domain and Tenant.objects.exclude(pk=tenant.pk).filter(custom_domain=domain).exists():
        raise TenantError(f"The domain {domain!r} is already used by another tenant.")
    tenant.custom_domain = domain
    tenant.save(update_fields=["custom_domain"])
    return tenant
