"""RLS overhead on hot reads: the same data and queries with and without row-level security.

Run: ``.venv/bin/python bench/rls_overhead.py`` (starts the embedded Postgres; it builds
its scratch schema and role as the cluster's superuser, so it needs the embedded cluster
or ``BENCH_SUPERUSER_URL``). Builds two identical tables in a scratch schema (10 tenants x
10,000 rows each), one with the production RLS policy (ENABLE + FORCE, compared to the
transaction-local tenant setting), one without, and times, as a non-superuser role:

* an indexed lookup by (tenant, email),
* a paginated list (ORDER BY created_at DESC LIMIT 20 OFFSET 100) for one tenant.

The plain table filters by an explicit ``WHERE tenant_id = …``; the RLS table's queries
carry the same WHERE (as querylet templates do) and the policy on top.
Target: RLS overhead <= 10 %.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import psycopg
from psycopg import sql

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from teacherseat.embedded_db import ensure_running

TENANTS = 10
ROWS_PER_TENANT = 10_000
ITERATIONS = 3_000
SETUP = [
    "DROP SCHEMA IF EXISTS bench_rls CASCADE",
    "CREATE SCHEMA bench_rls",
    """DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ts_bench')
       THEN CREATE ROLE ts_bench NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$""",
    "GRANT USAGE ON SCHEMA bench_rls TO ts_bench",
]
TABLE = """CREATE TABLE {table} (
    id bigserial PRIMARY KEY, tenant_id bigint NOT NULL, email text NOT NULL,
    name text NOT NULL, created_at timestamptz NOT NULL)"""
POLICY_EXPR = "NULLIF(current_setting('teacherseat.tenant_id', true), '')::bigint"


def build(conn: psycopg.Connection) -> None:
    for statement in SETUP:
        conn.execute(statement)
    for name in ("with_rls", "without_rls"):
        table = sql.Identifier("bench_rls", name)
        conn.execute(sql.SQL(TABLE).format(table=table))
        conn.execute(
            sql.SQL(
                "INSERT INTO {} (tenant_id, email, name, created_at) "
                "SELECT t, 'user' || i || '@t' || t || '.example', 'User ' || i, "
                "now() - (i || ' minutes')::interval "
                "FROM generate_series(1, %s) t, generate_series(1, %s) i"
            ).format(table),
            [TENANTS, ROWS_PER_TENANT],
        )
        conn.execute(sql.SQL("CREATE UNIQUE INDEX ON {} (tenant_id, email)").format(table))
        conn.execute(sql.SQL("CREATE INDEX ON {} (tenant_id, created_at DESC)").format(table))
        conn.execute(sql.SQL("GRANT SELECT ON {} TO ts_bench").format(table))
        conn.execute(sql.SQL("ANALYZE {}").format(table))
    conn.execute("ALTER TABLE bench_rls.with_rls ENABLE ROW LEVEL SECURITY")
    conn.execute("ALTER TABLE bench_rls.with_rls FORCE ROW LEVEL SECURITY")
    conn.execute(
        "CREATE POLICY tenant_isolation ON bench_rls.with_rls USING (tenant_id = "
        + POLICY_EXPR
        + ")"
    )
    conn.commit()


def timed(conn: psycopg.Connection, query: sql.Composed, params: list[object]) -> list[float]:
    samples = []
    with conn.cursor() as cursor:
        for i in range(ITERATIONS):
            args = [p(i) if callable(p) else p for p in params]
            start = time.perf_counter()
            cursor.execute(query, args)
            cursor.fetchall()
            samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    url = os.environ.get("BENCH_SUPERUSER_URL") or ensure_running().superuser
    with psycopg.connect(url) as conn:
        build(conn)
    tenant = 3
    cases: dict[str, tuple[str, list[object]]] = {
        "indexed lookup": (
            "SELECT id, email, name FROM {} WHERE tenant_id = %s AND email = %s",
            [tenant, lambda i: f"user{(i * 7919) % ROWS_PER_TENANT + 1}@t{tenant}.example"],
        ),
        "paginated list": (
            "SELECT id, email, name, created_at FROM {} WHERE tenant_id = %s "
            "ORDER BY created_at DESC LIMIT 20 OFFSET 100",
            [tenant],
        ),
    }
    print(
        f"{TENANTS} tenants x {ROWS_PER_TENANT} rows; {ITERATIONS} queries per case; "
        "role ts_bench (no superuser, no BYPASSRLS)"
    )
    worst = 0.0
    with psycopg.connect(url, autocommit=False) as conn:
        conn.execute("SET ROLE ts_bench")
        conn.execute("SELECT set_config('teacherseat.tenant_id', %s, true)", [str(tenant)])
        for label, (text, params) in cases.items():
            results = {}
            for round_ in range(2):  # warm both, keep the second round
                for table in ("without_rls", "with_rls"):
                    query = sql.SQL(text).format(sql.Identifier("bench_rls", table))
                    samples = timed(conn, query, params)
                    if round_:
                        results[table] = samples
            plain = statistics.median(results["without_rls"]) * 1e6
            rls = statistics.median(results["with_rls"]) * 1e6
            overhead = (rls - plain) / plain * 100
            worst = max(worst, overhead)
            p95 = {k: statistics.quantiles(v, n=20)[18] * 1e6 for k, v in results.items()}
            print(
                f"{label:15s} median without RLS {plain:7.1f} us | with RLS {rls:7.1f} us "
                f"| overhead {overhead:+5.1f} % | p95 {p95['without_rls']:.1f} / {p95['with_rls']:.1f} us"
            )
        conn.rollback()
    with psycopg.connect(url) as conn:
        conn.execute("DROP SCHEMA bench_rls CASCADE")
    print(f"target <= 10 % overhead: {'PASS' if worst <= 10 else 'MISS'} (worst {worst:+.1f} %)")


if __name__ == "__main__":
    main()
