"""``manage.py seed_demo``: idempotent demo data for local runs (never in production).

Creates the demo academies, then runs each system's seeder inside each academy's context:
a system adds its part in ``apps/<app>/demo.py`` with a function
``seed(*, tenant, stdout) -> None`` (IAM's creates the academy's admin account).
Re-running must change nothing and duplicate nothing. Seeders run in ``INSTALLED_APPS``
order, so a system's seeder can rely on the systems it depends on.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.tenants.context import tenant_context
from apps.tenants.services import tenant_get_or_create

DEMO_TENANTS = (("default", "TeacherSeat Academy"), ("acme", "Acme Certification School"))
Seeder = Callable[..., None]


class Command(BaseCommand):
    help = "Load idempotent demo data: two academies with demo accounts and courses."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo is for local runs only.")
        port = os.environ.get("RUN_ADDRESS", "localhost:8000").rsplit(":", 1)[-1]
        for slug, name in DEMO_TENANTS:
            tenant, created = tenant_get_or_create(slug=slug, name=name)
            host = "localhost" if slug == settings.DEFAULT_TENANT_SLUG else f"{slug}.app.localhost"
            self.stdout.write(
                f"{'created' if created else 'kept'} academy {slug!r} ({name}): "
                f"admin panel http://{host}:{port}/section31/ · "
                f"student panel http://{host}:{port}/student/"
            )
            with tenant_context(tenant):
                for seed in system_seeders():
                    seed(tenant=tenant, stdout=self.stdout)


def system_seeders() -> list[Seeder]:
    """Each installed system's ``demo.seed``, in ``INSTALLED_APPS`` order."""
    seeders = []
    for config in django_apps.get_app_configs():
        if not config.name.startswith("apps."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        seeders.append(module.seed)
    return seeders
