"""Shared fixtures: the test database is built by the owner role, tests log in as the app role."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from apps.tenants import db_role
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_tenant, make_user


def pytest_configure(config: pytest.Config) -> None:
    db_role.set_privileged(True)  # pytest-django creates and migrates the test DB as the owner


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """After pytest-django migrates the test DB (as the owner), log in as the app role."""
    with django_db_blocker.unblock():
        db_role.set_privileged(False)
    yield
    with django_db_blocker.unblock():
        db_role.set_privileged(True)  # the owner drops the database


@pytest.fixture(autouse=True)
def _no_tenants_left_over(request: pytest.FixtureRequest, django_db_blocker: Any) -> None:
    """Tenants are written by the owner on a connection of its own (``make_tenant``,
    ``tenants create``), so they outlive the rollback of the test that made them: each
    database test starts without any. (Tenant-owned rows are rolled back or flushed.)"""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("django_db_setup")
    with django_db_blocker.unblock(), db_role.owner_connection() as using:
        with connections[using].cursor() as cursor:
            cursor.execute("DELETE FROM tenants_tenants")


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


@pytest.fixture
def jobs(db: None) -> Any:
    """Queued tasks, run in-process on demand: ``jobs.run()`` (see teacherseat.testing.jobs)."""
    from teacherseat.testing.jobs import JobRunner

    return JobRunner()


@pytest.fixture(scope="module")
def celery_worker(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """A real Celery worker process on the test database (use with ``transactional_db``).

    One per test module, so tests that start workers of their own (the reliability tests)
    never share the queues with a leftover one."""
    from teacherseat.queues import purge_all, sqs_client
    from teacherseat.testing.jobs import WorkerProcess

    with django_db_blocker.unblock():
        purge_all(sqs_client())  # nothing left over from another module
        worker = WorkerProcess(mail_dir=tmp_path_factory.mktemp("worker") / "mail")
        worker.start()
    worker.wait_ready()
    yield worker
    worker.stop()
