"""Which tenant a request host belongs to."""

from __future__ import annotations

import os

from django.conf import settings

from apps.tenants.models import Tenant

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "[::1]", "testserver"})


def split_host(host: str) -> str:
    """Lower-cased host name without port (IPv6 literals keep their brackets)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def sdk_host() -> str:
    return f"api.{settings.PRIMARY_DOMAIN}"


def tenant_for_host(hostname: str) -> Tenant | None:
    """``<slug>.app.<PRIMARY_DOMAIN>``, a custom domain, or the default tenant locally."""
    if hostname in LOCAL_HOSTS or hostname == settings.PRIMARY_DOMAIN:
        return Tenant.objects.filter(slug=settings.DEFAULT_TENANT_SLUG).first()
    suffix = f".app.{settings.PRIMARY_DOMAIN}"
    if hostname.endswith(suffix):
        slug = hostname[: -len(suffix)]
        if not slug or "." in slug:
            return None
        return Tenant.objects.filter(slug=slug).first()
    return Tenant.objects.filter(custom_domain=hostname).first()


def tenant_url(tenant: Tenant, path: str) -> str:
    """Absolute URL of ``path`` on the tenant's own host (for links in emails).

    Custom domain first, else ``<slug>.app.<PRIMARY_DOMAIN>``; locally the default academy
    lives on plain ``localhost`` at the ``make run`` port.
    """
    scheme = "https" if settings.PRODUCTION else "http"
    if tenant.custom_domain:
        host = tenant.custom_domain
    elif tenant.slug == settings.DEFAULT_TENANT_SLUG and not settings.PRODUCTION:
        host = settings.PRIMARY_DOMAIN
    else:
        host = f"{tenant.slug}.app.{settings.PRIMARY_DOMAIN}"
    if not settings.PRODUCTION:
        host += ":" + os.environ.get("RUN_ADDRESS", "localhost:8000").rsplit(":", 1)[-1]
    return f"{scheme}://{host}{path}"
