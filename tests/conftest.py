"""Shared fixtures: the test database is built privileged, tests run as the app role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from apps.tenants import db_role
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_tenant, make_user


def pytest_configure(config: pytest.Config) -> None:
    db_role.set_privileged(True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """After pytest-django migrates the test DB (privileged), drop to the RLS-bound role."""
    with django_db_blocker.unblock():
        db_role.set_privileged(False)
    yield
    with django_db_blocker.unblock():
        db_role.set_privileged(True)


@pytest.fixture
def tenant(db: None) -> Any:
    return make_tenant("default", "Default Academy")


@pytest.fixture
def other_tenant(db: None) -> Any:
    return make_tenant("acme", "Acme Academy")


@pytest.fixture
def in_tenant(tenant: Any) -> Iterator[Any]:
    with tenant_context(tenant):
        yield tenant


@pytest.fixture
def owner(tenant: Any) -> Any:
    with tenant_context(tenant):
        return make_user(tenant, "owner@example.com", admin=True, owner=True)


@pytest.fixture
def owner_client(owner: Any) -> Client:
    return signed_in(owner)
