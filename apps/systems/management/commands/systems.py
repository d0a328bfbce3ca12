"""``manage.py systems list|register|deregister --tenant <slug> [label]``."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import ApiError
from apps.systems import registry, selectors, services
from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant


class Command(BaseCommand):
    help = "List installed systems and register/deregister them for a tenant."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("verb", choices=["list", "register", "deregister"])
        parser.add_argument("label", nargs="?")
        parser.add_argument("--tenant", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No tenant with slug {options['tenant']!r}.")
        with tenant_context(tenant):
            if options["verb"] == "list":
                for label, manifest in sorted(registry.catalogue().items()):
                    state = "registered" if selectors.is_registered(label) else "deregistered"
                    self.stdout.write(
                        f"{label}\t{manifest.identifier}\t{manifest.version}\t{manifest.type}\t{state}"
                    )
                return
            if not options["label"]:
                raise CommandError("Name the system label to (de)register.")
            try:
                row = services.system_set_registered(
                    label=options["label"], registered=options["verb"] == "register"
                )
            except ApiError as exc:
                raise CommandError(exc.detail) from exc
            state = "registered" if row.registered else "deregistered"
            self.stdout.write(f"{row.label}: {state} for {tenant.slug}")
