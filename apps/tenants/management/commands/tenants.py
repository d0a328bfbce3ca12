"""``manage.py tenants create|list|provision|suspend|resume|set-domain``.

One of manage.py's ``PRIVILEGED_COMMANDS``: it logs in as the owner of the tables, the only
role that may write ``tenants_tenants`` (row-level security still binds it to one tenant
context at a time for everything else).
"""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.tenants import provisioning
from apps.tenants.models import Tenant
from apps.tenants.services import (
    TenantError,
    tenant_create,
    tenant_set_domain,
    tenant_set_status,
)


class Command(BaseCommand):
    help = "Manage tenants (academies)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        create = sub.add_parser("create")
        create.add_argument("slug")
        create.add_argument("--name", required=True)
        create.add_argument("--domain", default=None)
        sub.add_parser("list")
        sub.add_parser("provision").add_argument("slug")
        for verb in ("suspend", "resume"):
            sub.add_parser(verb).add_argument("slug")
        set_domain = sub.add_parser("set-domain")
        set_domain.add_argument("slug")
        set_domain.add_argument("domain", nargs="?", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        verb = options["verb"]
        try:
            if verb == "create":
                tenant = tenant_create(
                    slug=options["slug"], name=options["name"], custom_domain=options["domain"]
                )
                self.stdout.write(f"created {tenant.slug} (id {tenant.pk})")
            elif verb == "list":
                for tenant in Tenant.objects.order_by("slug"):
                    domain = tenant.custom_domain or "-"
                    self.stdout.write(f"{tenant.slug}\t{tenant.status}\t{domain}\t{tenant.name}")
            else:
                tenant = self._get(options["slug"])
                if verb == "provision":
                    names = provisioning.provision(tenant)
                    self.stdout.write(f"provisioned {tenant.slug}: {', '.join(names)}")
                    return
                if verb == "suspend":
                    tenant_set_status(tenant=tenant, status=Tenant.Status.SUSPENDED)
                elif verb == "resume":
                    tenant_set_status(tenant=tenant, status=Tenant.Status.ACTIVE)
                else:
                    tenant_set_domain(tenant=tenant, domain=options["domain"])
                self.stdout.write(f"{tenant.slug}: {tenant.status} {tenant.custom_domain or ''}")
        except TenantError as exc:
            raise CommandError(str(exc)) from exc

    def _get(self, slug: str) -> Tenant:
        tenant = Tenant.objects.filter(slug=slug).first()
        if tenant is None:
            raise CommandError(f"No tenant with slug {slug!r}.")
        return tenant
