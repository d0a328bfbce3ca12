"""The two database logins: the application role and the owner of the tables.

Every process logs in as ``DB_APP_ROLE`` (``DATABASE_URL``): a LOGIN role that is neither
superuser nor BYPASSRLS, owns nothing, may only read the tenants table and is bound by
row-level security everywhere else. There is no role to switch back to: ``RESET ROLE``,
``SET ROLE`` and ``SET SESSION AUTHORIZATION`` in SQL the application runs gain nothing.

A process runs *privileged* when it changes the schema or the tenants table (manage.py's
``PRIVILEGED_COMMANDS``, the test-database setup): its connection then logs in as the owner
(``DATABASE_OWNER_URL``). Switching closes the connection and changes the login it reopens
with, so it is refused inside a transaction. The owner is not BYPASSRLS either, and tenant
tables FORCE row-level security, so even privileged code sees no tenant rows without a
tenant context.

The few owner-only writes an unprivileged process may need (``manage.py seed_demo``
creating its academies, tests) go through :func:`owner_connection`, a short-lived second
connection logged in as the owner.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import dj_database_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.connection import ConnectionDoesNotExist
from psycopg import sql

OWNER_ALIAS = "owner"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_state = {"privileged": False}


def app_role() -> str:
    role: str = settings.DB_APP_ROLE
    if not _ROLE_NAME.match(role):
        raise ImproperlyConfigured("DB_APP_ROLE must be a lower-case SQL identifier.")
    return role


def is_privileged() -> bool:
    return _state["privileged"]


def _login(*, owner: bool) -> tuple[str, str]:
    """(USER, PASSWORD) of the app role's URL or of the owner's."""
    app = dj_database_url.parse(settings.DATABASE_URL)
    if not owner:
        return str(app["USER"]), str(app.get("PASSWORD") or "")
    if not settings.DATABASE_OWNER_URL:
        raise ImproperlyConfigured(
            "DATABASE_OWNER_URL is not set: schema and tenant commands log in as the owner "
            "of the tables (README, Tenancy and row-level security)."
        )
    config = dj_database_url.parse(settings.DATABASE_OWNER_URL)
    if any(config.get(k) != app.get(k) for k in ("HOST", "PORT", "NAME")):
        raise ImproperlyConfigured("DATABASE_OWNER_URL must name DATABASE_URL's database.")
    if config.get("USER") in {None, "", app.get("USER")}:
        raise ImproperlyConfigured("DATABASE_OWNER_URL must log in as a role of its own.")
    return str(config["USER"]), str(config.get("PASSWORD") or "")


def set_privileged(flag: bool) -> None:
    """Make this process's connection log in as the owner (True) or the app role (False).

    The open connection, if any, is closed; the next query reconnects with the new login.
    """
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        raise RuntimeError("The database login cannot change inside a transaction.")
    user, password = _login(owner=flag)
    connection.close()
    # The settings dict is shared with every thread's connection and with test-database
    # creation, which only ever changes NAME.
    connection.settings_dict["USER"] = user
    connection.settings_dict["PASSWORD"] = password
    _state["privileged"] = flag


@contextmanager
def privileged() -> Iterator[None]:
    """Run the block logged in as the owner (outside any transaction)."""
    previous = _state["privileged"]
    set_privileged(True)
    try:
        yield
    finally:
        set_privileged(previous)


@contextmanager
def owner_connection() -> Iterator[str]:
    """The alias of a connection logged in as the owner, for writes the app role may not make.

    A privileged process gets its own connection (same transaction as the caller). Any
    other gets a second connection for the block, in autocommit: what it writes is
    committed at once, whatever the caller's transaction does afterwards.
    """
    if _state["privileged"]:
        yield DEFAULT_DB_ALIAS
        return
    try:
        connections[OWNER_ALIAS]
    except ConnectionDoesNotExist:
        pass
    else:  # nested: the outer block owns the connection
        yield OWNER_ALIAS
        return
    default = connections[DEFAULT_DB_ALIAS]
    user, password = _login(owner=True)
    login = {**default.settings_dict, "USER": user, "PASSWORD": password}
    owner = type(default)(login, OWNER_ALIAS)
    connections[OWNER_ALIAS] = owner
    try:
        yield OWNER_ALIAS
    finally:
        owner.close()
        del connections[OWNER_ALIAS]


def grant_app_role(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """post_migrate, run by the owner: what the app role may do with the tables.

    Read and write every table, but only read the tenants table (academies are created,
    suspended and moved by ``manage.py tenants``) and the migration history. TRUNCATE
    (which ignores RLS) is granted only to test runs, whose fixtures flush tables between
    tests. The roles themselves are created once by an operator (README) or, locally, by
    the embedded cluster.
    """
    if getattr(sender, "label", None) != "tenants" or not _state["privileged"]:
        return  # e.g. the post_migrate of a test flush, run as the app role
    role = sql.Identifier(app_role())
    statements = [
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            role
        ),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(role),
        sql.SQL(
            "REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER"
            " ON tenants_tenants, django_migrations FROM {}"
        ).format(role),
    ]
    if settings.TESTING:
        statements.append(
            sql.SQL("GRANT TRUNCATE ON ALL TABLES IN SCHEMA public TO {}").format(role)
        )
    connection = connections[using]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.cursor.execute(statement)
