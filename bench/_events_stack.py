"""Shared set-up of the events benchmarks: a scratch database, the embedded SQS, an admin.

Not a benchmark itself (``run_all.py`` skips files starting with ``_``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "teacherseat_bench_events"


def start_stack(**environment: str) -> Any:
    """Migrate ``teacherseat_bench_events``, start the embedded SQS with its queues; returns
    the SQS handle (``.stop()`` it). ``environment`` adds variables before Django starts."""
    from teacherseat import embedded_sqs
    from teacherseat.embedded_db import ensure_running

    logins = ensure_running(database=BENCH_DB)
    os.environ["DATABASE_URL"], os.environ["DATABASE_OWNER_URL"] = logins.app, logins.owner
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
    os.environ["DEBUG"] = "false"
    os.environ["EVENTS_VALIDATE_PAYLOADS"] = "false"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ.update(environment)
    sqs = embedded_sqs.start()
    embedded_sqs.configure_environment(sqs.endpoint, prefix="bench-")
    import django

    django.setup()
    from django.core.management import call_command

    from apps.tenants.db_role import privileged

    with privileged():
        call_command("migrate", verbosity=0, interactive=False)
    embedded_sqs.create_queues()
    return sqs


def academy_admin() -> Any:
    """The bench academy's administrator (created once)."""
    from apps.iam.models import User
    from apps.tenants.context import tenant_context
    from apps.tenants.services import tenant_get_or_create

    tenant, _ = tenant_get_or_create(slug="default", name="Bench Academy")
    with tenant_context(tenant):
        admin = User.objects.filter(email="bench-admin@example.com").first()
        if admin is None:
            admin = User.objects.create_user(
                email="bench-admin@example.com",
                password="bench-password-123",
                name="Admin",
                admin_panel_access=True,
                is_account_owner=True,
            )
    return admin
