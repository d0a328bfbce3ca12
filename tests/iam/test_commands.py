"""``manage.py createadmin`` creates an owner and seeds the managed policies."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.iam.models import ManagedPolicy, User
from apps.tenants.context import tenant_context

pytestmark = pytest.mark.django_db


def test_createadmin_creates_an_owner_and_seeds_managed_policies(tenant):
    out = StringIO()
    call_command(
        "createadmin",
        tenant="default",
        email="Boss@Example.com",
        password="a long password!",
        stdout=out,
    )
    assert "created boss@example.com in default" in out.getvalue()
    with tenant_context(tenant):
        boss = User.objects.get(email="boss@example.com")
        assert (boss.is_account_owner, boss.admin_panel_access) == (True, True)
        assert ManagedPolicy.objects.filter(
            name="AdministratorAccess", system_managed=True
        ).exists()
    with pytest.raises(CommandError, match="already exists"):
        call_command(
            "createadmin", tenant="default", email="boss@example.com", password="a long password!"
        )
