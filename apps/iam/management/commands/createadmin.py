"""``manage.py createadmin --tenant <slug> --email <email> [--password …]``."""

from __future__ import annotations

import argparse
import getpass
import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from apps.core.errors import ApiError
from apps.iam.email_address import canonical_email
from apps.iam.models import User
from apps.iam.services import policies_seed_managed
from apps.iam.services.accounts import account_create, password_policy_check
from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant


class Command(BaseCommand):
    help = "Create an account owner with admin panel access in a tenant."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--tenant", required=True)
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="")
        parser.add_argument("--password", default=None, help="omit to be prompted / generate")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No tenant with slug {options['tenant']!r}.")
        password = options["password"]
        generated = False
        if password is None:
            if options.get("interactive", True) and self.stdin_isatty():
                password = getpass.getpass("Password: ")
            else:
                password, generated = secrets.token_urlsafe(18), True
        try:
            password_policy_check(password, email=canonical_email(options["email"]))
        except ApiError as exc:
            messages = (exc.errors or {}).get("password", [exc.detail])
            raise CommandError("; ".join(messages)) from exc
        with tenant_context(tenant):
            if User.objects.filter(email=canonical_email(options["email"])).exists():
                raise CommandError(f"{options['email']} already exists in {tenant.slug}.")
            user = account_create(
                email=options["email"],
                password=password,
                name=options["name"],
                source="command",
                admin_panel_access=True,
                is_account_owner=True,
            )
        policies_seed_managed(tenant)
        self.stdout.write(f"created {user.email} in {tenant.slug}")
        if generated:
            self.stdout.write(f"generated password: {password}")

    @staticmethod
    def stdin_isatty() -> bool:
        import sys

        return sys.stdin.isatty()
