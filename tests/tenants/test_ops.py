"""Tenant operations: the management command and explicit tenant context for tasks.

``tenants`` writes the tenants table as the owner, on a connection of its own here (tests
log in as the app role), so these tests commit instead of rolling back: a second
connection must not wait on rows this test's transaction would otherwise keep locked.
"""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from apps.systems.models import SystemRegistration
from apps.tenants.context import NoTenantContext, current_tenant_id, with_tenant
from apps.tenants.models import Tenant
from tests.factories import make_tenant

pytestmark = pytest.mark.django_db(transaction=True)


def tenants(*args: str) -> str:
    out = StringIO()
    call_command("tenants", *args, stdout=out)
    return out.getvalue()


def test_create_list_suspend_resume_and_set_domain():
    assert tenants("create", "acme", "--name", "Acme Academy").startswith("created acme")
    assert tenants("list") == "acme\tactive\t-\tAcme Academy\n"
    tenants("suspend", "acme")
    assert Tenant.objects.get(slug="acme").status == "suspended"
    tenants("resume", "acme")
    assert Tenant.objects.get(slug="acme").status == "active"
    tenants("set-domain", "acme", "Learn.Acme.org")
    assert Tenant.objects.get(slug="acme").custom_domain == "learn.acme.org"
    tenants("set-domain", "acme")
    assert Tenant.objects.get(slug="acme").custom_domain is None


def test_duplicate_slug_and_taken_domain_are_refused():
    tenants("create", "acme", "--name", "Acme", "--domain", "learn.acme.org")
    tenants("create", "beta", "--name", "Beta")
    with pytest.raises(CommandError, match="already exists"):
        tenants("create", "acme", "--name", "Again")
    with pytest.raises(CommandError, match="already used"):
        tenants("set-domain", "beta", "learn.acme.org")
    with pytest.raises(CommandError, match="No tenant"):
        tenants("suspend", "ghost")


def test_tasks_take_the_tenant_explicitly():
    acme = make_tenant("acme", "Acme")

    @with_tenant
    def deregister(*, tenant_id: int, label: str) -> tuple[int | None, int]:
        SystemRegistration.objects.create(label=label, registered=False)
        return current_tenant_id(), SystemRegistration.objects.count()

    assert deregister(tenant_id=acme.pk, label="sdk_api") == (acme.pk, 1)
    assert current_tenant_id() is None
    with pytest.raises(NoTenantContext, match="needs an explicit tenant_id"):
        deregister(label="sdk_api")  # type: ignore[call-arg]


def test_a_new_academy_is_provisioned_with_managed_policies():
    from apps.iam.models import ManagedPolicy
    from apps.tenants.context import tenant_context

    tenants("create", "gamma", "--name", "Gamma")
    gamma = Tenant.objects.get(slug="gamma")
    with tenant_context(gamma):
        names = set(ManagedPolicy.objects.values_list("name", flat=True))
    assert {"AdministratorAccess", "ReadOnlyAccess"} <= names
    assert tenants("provision", "gamma") == (
        "provisioned gamma: iam.managed_policies, iam.learners\n"
    )
    with tenant_context(gamma):
        assert set(ManagedPolicy.objects.values_list("name", flat=True)) == names
