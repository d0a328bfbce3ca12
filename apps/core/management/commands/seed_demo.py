"""``manage.py seed_demo``: idempotent demo data for local runs (never in production).

Each system adds its part in ``apps/<app>/demo.py`` with a function
``seed(*, tenant, stdout) -> None`` that runs inside the tenant's context; re-running must
change nothing and duplicate nothing.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.iam.models import User
from apps.tenants.context import tenant_context
from apps.tenants.services import tenant_get_or_create

DEMO_PASSWORD = "teacherseat-demo"  # local demo only; seed_demo refuses to run in production
DEMO_TENANTS = (("default", "TeacherSeat Academy"), ("acme", "Acme Certification School"))


class Command(BaseCommand):
    help = "Load idempotent demo data: two academies, an admin account in each."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("seed_demo is for local runs only.")
        for slug, name in DEMO_TENANTS:
            tenant, created = tenant_get_or_create(slug=slug, name=name)
            with tenant_context(tenant):
                email = f"admin@{slug}.example.com"
                if not User.objects.filter(email=email).exists():
                    User.objects.create_user(
                        email=email,
                        password=DEMO_PASSWORD,
                        name=f"{name} Admin",
                        admin_panel_access=True,
                        is_account_owner=True,
                    )
                for seed in _system_seeders():
                    seed(tenant=tenant, stdout=self.stdout)
            port = os.environ.get("RUN_ADDRESS", "localhost:8000").rsplit(":", 1)[-1]
            host = "localhost" if slug == settings.DEFAULT_TENANT_SLUG else f"{slug}.app.localhost"
            self.stdout.write(
                f"{'created' if created else 'kept'} academy {slug!r}: "
                f"http://{host}:{port}/section31/  admin: {email} / {DEMO_PASSWORD}"
            )


def _system_seeders() -> list[Any]:
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
