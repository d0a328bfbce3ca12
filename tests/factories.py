"""Small factories (plain functions): explicit over magic fixtures."""

from __future__ import annotations

from typing import Any

from apps.iam.models import User
from apps.tenants.models import Tenant


def make_tenant(slug: str, name: str | None = None, **fields: Any) -> Tenant:
    tenant, _ = Tenant.objects.get_or_create(slug=slug, defaults={"name": name or slug, **fields})
    return tenant


def make_user(
    tenant: Tenant,
    email: str,
    *,
    password: str = "correct horse battery staple",
    admin: bool = False,
    owner: bool = False,
    **fields: Any,
) -> User:
    """Create a user; the caller must be inside ``tenant_context(tenant)``."""
    return User.objects.create_user(
        email=email,
        password=password,
        admin_panel_access=admin,
        is_account_owner=owner,
        **fields,
    )
