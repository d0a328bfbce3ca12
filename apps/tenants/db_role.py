"""The database role application queries run under.

RLS is bypassed by superusers and ``BYPASSRLS`` roles (even with ``FORCE``), so every
application connection switches to ``DB_APP_ROLE`` (a NOLOGIN role with plain DML rights)
as soon as it opens, unless the process runs *privileged*: migrations and ops commands
(see ``manage.py``) and the test-database setup. ``set_config('role', …)`` is ``SET ROLE``
with the role name as a bind parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql

_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_state = {"privileged": False}


def app_role() -> str:
    role: str = settings.DB_APP_ROLE
    if not _ROLE_NAME.match(role):
        raise ImproperlyConfigured("DB_APP_ROLE must be a lower-case SQL identifier.")
    return role


def is_privileged() -> bool:
    return _state["privileged"]


def _apply(connection: BaseDatabaseWrapper) -> None:
    target = "none" if _state["privileged"] else app_role()
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('role', %s, false)", [target])


def set_privileged(flag: bool) -> None:
    """Switch the process (and its open connections) between privileged and app role."""
    _state["privileged"] = flag
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.vendor == "postgresql":
            _apply(connection)


@contextmanager
def privileged() -> Iterator[None]:
    previous = _state["privileged"]
    set_privileged(True)
    try:
        yield
    finally:
        set_privileged(previous)


def on_connection_created(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    if connection.vendor == "postgresql" and not _state["privileged"]:
        _apply(connection)


def grant_app_role(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: make sure the app role exists and may use every table and sequence.

    The role is NOLOGIN, not superuser, not BYPASSRLS. TRUNCATE (which ignores RLS) is
    granted only to test runs, whose fixtures flush tables between tests.
    """
    if getattr(sender, "label", None) != "tenants":
        return
    role = sql.Identifier(app_role())
    statements = [
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {name}) THEN "
            "CREATE ROLE {role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE; "
            "END IF; END $$"
        ).format(name=sql.Literal(app_role()), role=role),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role),
        sql.SQL(
            "GRANT SELECT, INSERT, UPDATE, DELETE, REFERENCES ON ALL TABLES IN SCHEMA public TO {}"
        ).format(role),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(role),
    ]
    if settings.TESTING:
        statements.append(
            sql.SQL("GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO {}").format(role)
        )
    connection = connections[using]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.cursor.execute(statement)
