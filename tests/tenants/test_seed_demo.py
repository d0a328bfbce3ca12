"""Demo data is idempotent: a second run creates nothing new."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant, TenantOwnedModel

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    counts = {"tenants": Tenant.objects.count()}
    for tenant in Tenant.objects.all():
        with tenant_context(tenant):
            for model in apps.get_models():
                if issubclass(model, TenantOwnedModel):
                    counts[f"{tenant.slug}.{model._meta.db_table}"] = model.objects.count()
    return counts


def test_seed_demo_creates_two_academies_with_admins_and_is_idempotent():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = row_counts()
    assert first["tenants"] == 2
    assert first["default.iam_users"] >= 1
    assert first["acme.iam_users"] >= 1
    assert "admin@default.example.com / teacherseat-demo" in out.getvalue()

    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert row_counts() == first
    assert "kept academy 'default'" in again.getvalue()
