"""The current tenant, set per transaction in Postgres and per task in Python.

Isolation is enforced by Postgres row-level security comparing each row's ``tenant_id`` to
the transaction-local setting ``teacherseat.tenant_id``. The setting is always written with
``set_config(..., is_local => true)``, so it ends with the transaction and a pooled
connection can never carry one request's tenant into the next. No setting means no rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from django.db import connection, transaction

if TYPE_CHECKING:
    from apps.tenants.models import Tenant

TENANT_SETTING = "teacherseat.tenant_id"
# The academy a session was signed in on (sessions are also stored per academy under RLS).
SESSION_TENANT_KEY = "ts_tenant_id"

_current_tenant_id: ContextVar[int | None] = ContextVar("current_tenant_id", default=None)

P = ParamSpec("P")
R = TypeVar("R")


class NoTenantContext(RuntimeError):
    """Raised when tenant-owned data is written without a tenant context."""


def current_tenant_id() -> int | None:
    return _current_tenant_id.get()


def _set_database_tenant(tenant_id: int | None) -> None:
    value = "" if tenant_id is None else str(tenant_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, true)", [TENANT_SETTING, value])


@contextmanager
def tenant_context(tenant: Tenant | int) -> Iterator[None]:
    """Run the block inside a transaction scoped to ``tenant`` (nesting restores the outer)."""
    tenant_id = tenant if isinstance(tenant, int) else tenant.pk
    previous = _current_tenant_id.get()
    token = _current_tenant_id.set(tenant_id)
    outermost = not connection.in_atomic_block
    try:
        with transaction.atomic():
            _set_database_tenant(tenant_id)
            try:
                yield
            finally:
                # An outermost transaction takes the setting with it when it ends; a nested
                # block hands the enclosing transaction back its own tenant.
                if not outermost and previous != tenant_id and not connection.needs_rollback:
                    _set_database_tenant(previous)
    finally:
        _current_tenant_id.reset(token)


@contextmanager
def deferred_tenant_scope() -> Iterator[None]:
    """A request whose tenant is found later (SDK host): forget it when the block ends.

    :func:`activate_in_transaction` sets the tenant inside this block; the Python-side
    variable is reset on exit so the thread does not carry it into the next request.
    """
    token = _current_tenant_id.set(None)
    try:
        with transaction.atomic():
            yield
    finally:
        _current_tenant_id.reset(token)


def activate_in_transaction(tenant: Tenant) -> None:
    """Set the tenant inside the caller's already-open transaction (used by the SDK API)."""
    if not connection.in_atomic_block:
        raise RuntimeError("activate_in_transaction needs an open transaction")
    _current_tenant_id.set(tenant.pk)
    _set_database_tenant(tenant.pk)


def with_tenant(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator for tasks and commands: the ``tenant_id`` keyword selects the tenant.

    Tasks take ids, never objects, so a task signature reads ``task(*, tenant_id, ...)``.
    """

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        tenant_id = kwargs.get("tenant_id")
        if not isinstance(tenant_id, int):
            raise NoTenantContext(f"{func.__name__} needs an explicit tenant_id")
        with tenant_context(tenant_id):
            return func(*args, **kwargs)

    return wrapper
