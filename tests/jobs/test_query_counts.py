"""Pinned query counts of the jobs admin API: flat whatever the number of jobs.

Each admin request also runs the request frame (tenant lookup, SAVEPOINT, set_config,
session, user, ..., restore set_config, RELEASE: 7 for the academy owner; see
tests/systems/test_admin_api.py); the endpoint's own reads are the difference. The
dead-letter endpoints read SQS, not the database; the redrive also writes its audit entry.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.jobs.models import Job
from apps.tenants.context import tenant_context
from tests.jobs.helpers import JSON, A

pytestmark = pytest.mark.django_db


def count(client: Any, method: str, url: str, body: Any = None) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, json.dumps(body or {}), content_type=JSON)
    assert response.status_code == 200, response.content[:300]
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def add_jobs(tenant: Any, owner: Any, n: int) -> int:
    with tenant_context(tenant):
        Job.objects.bulk_create([Job(kind="k.k", title=str(i), created_by=owner) for i in range(n)])
        return Job.objects.order_by("-id").first().pk


def test_job_list_is_one_statement_at_any_size(owner_client, owner, tenant):
    add_jobs(tenant, owner, 1)
    owner_client.get(f"{A}/jobs")  # warm the per-process caches
    small, _ = count(owner_client, "get", f"{A}/jobs")
    add_jobs(tenant, owner, 60)
    big, queries = count(owner_client, "get", f"{A}/jobs?status=pending&kind=k.k")
    assert small == big == 8
    assert len([q for q in queries if "jobs_jobs" in q]) == 1


def test_job_read_is_one_statement(owner_client, owner, tenant):
    job_id = add_jobs(tenant, owner, 3)
    owner_client.get(f"{A}/jobs/{job_id}")
    n, queries = count(owner_client, "get", f"{A}/jobs/{job_id}")
    assert n == 8
    assert len([q for q in queries if "jobs_jobs" in q]) == 1


def test_dead_letter_reads_touch_no_table_of_their_own(owner_client, queues, tenant):
    queues.dead_letter("tests.jobs.explode", tenant_id=tenant.pk, job_id=1)
    owner_client.get(f"{A}/dead-letters")
    n, _ = count(owner_client, "get", f"{A}/dead-letters")
    assert n == 7
    redrive, queries = count(owner_client, "post", f"{A}/dead-letters/redrive")
    assert redrive == n + 1  # the audit entry of a successful admin write
    assert any(q.startswith('INSERT INTO "iam_audit_events"') for q in queries)
