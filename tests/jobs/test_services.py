"""Job services and selectors: a job's life, absolute progress, tenancy."""

from __future__ import annotations

from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.jobs import selectors, services
from apps.jobs.errors import JobNotFound
from apps.jobs.models import Job
from apps.tenants.context import NoTenantContext, tenant_context
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def new_job(total: int = 10, kind: str = "learning.enrollment_import", **kw) -> Job:
    return services.job_create(
        kind=kind, title="Import students", total=total, created_by=None, **kw
    )


def test_a_job_runs_from_pending_to_completed(in_tenant):
    creator = make_user(in_tenant, "admin@example.com", admin=True)
    job = services.job_create(
        kind="learning.enrollment_import", title="CSV", total=3, created_by=creator
    )
    assert (job.status, job.total, job.done, job.failed) == ("pending", 3, 0, 0)
    assert job.tenant_id == in_tenant.pk and job.created_by_id == creator.pk
    assert job.started_at is None and job.progress == 0.0

    services.job_start(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "running" and job.started_at is not None

    services.job_progress(job_id=job.pk, done=2, failed=1)
    job.refresh_from_db()
    assert (job.done, job.failed) == (2, 1) and job.progress == pytest.approx(2 / 3)

    services.job_finish(job_id=job.pk, result={"enrolled": 2})
    job.refresh_from_db()
    assert job.status == "completed" and job.result == {"enrolled": 2} and job.error == ""
    assert job.finished_at is not None and job.finished_at >= job.started_at
    assert job.progress == 1.0


def test_progress_sets_absolute_counters_not_increments(in_tenant):
    job = new_job(total=100)
    services.job_progress(job_id=job.pk, done=40, failed=3)
    services.job_progress(job_id=job.pk, done=40, failed=3)  # a redelivered chunk
    services.job_progress(job_id=job.pk, done=50)
    job.refresh_from_db()
    assert (job.done, job.failed) == (50, 0)


def test_finish_with_an_error_fails_the_job_and_a_rerun_starts_clean(in_tenant):
    job = new_job()
    services.job_start(job_id=job.pk)
    first_start = Job.objects.get(pk=job.pk).started_at
    services.job_finish(job_id=job.pk, error="the CSV vanished")
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "the CSV vanished" and job.result == {}
    assert job.progress == 0.0

    services.job_start(job_id=job.pk)  # the task runs again
    job.refresh_from_db()
    assert job.status == "running" and job.error == "" and job.finished_at is None
    assert job.started_at == first_start


def test_each_update_is_one_statement(in_tenant):
    job = new_job()
    for call in (
        partial(services.job_start, job_id=job.pk),
        partial(services.job_progress, job_id=job.pk, done=1),
        partial(services.job_finish, job_id=job.pk),
    ):
        with CaptureQueriesContext(connection) as ctx:
            call()
        assert len(ctx.captured_queries) == 1, ctx.captured_queries


@pytest.mark.parametrize(
    "call",
    [
        lambda job_id: services.job_start(job_id=job_id),
        lambda job_id: services.job_progress(job_id=job_id, done=1),
        lambda job_id: services.job_finish(job_id=job_id),
        lambda job_id: selectors.job_get(job_id),
    ],
)
def test_another_academys_job_is_not_found(tenant, other_tenant, call):
    with tenant_context(other_tenant):
        foreign = new_job()
    with tenant_context(tenant), pytest.raises(JobNotFound) as caught:
        call(foreign.pk)
    assert caught.value.code == "job_not_found"
    with tenant_context(other_tenant):
        assert Job.objects.get(pk=foreign.pk).status == "pending"


def test_bad_counters_are_refused(in_tenant):
    job = new_job()
    with pytest.raises(ValueError):
        services.job_progress(job_id=job.pk, done=-1)
    with pytest.raises(ValueError):
        services.job_progress(job_id=job.pk, done=1, failed=-1)
    with pytest.raises(ValueError):
        new_job(total=-1)
    for kind in ("", "k" * 65):
        with pytest.raises(ValueError):
            new_job(kind=kind)
    assert Job.objects.count() == 1


def test_a_job_needs_a_tenant_context(db):
    with pytest.raises(NoTenantContext):
        new_job()


def test_progress_is_capped_and_zero_without_a_total(in_tenant):
    assert Job(total=0, done=5).progress == 0.0
    assert Job(total=2, done=5).progress == 1.0
    assert Job(total=0, status="completed").progress == 1.0


def test_job_list_is_newest_first_filtered_and_capped(in_tenant):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    Job.objects.bulk_create(
        [
            Job(
                kind="a.import" if i % 2 else "b.export",
                title=f"job {i}",
                status="completed" if i % 3 == 0 else "pending",
                created_at=now - timedelta(minutes=i),
            )
            for i in range(120)
        ]
    )
    newest = selectors.job_list()
    assert len(newest) == 100 and newest[0].title == "job 0" and newest[-1].title == "job 99"
    assert selectors.job_list(limit=500) == newest
    assert [j.title for j in selectors.job_list(limit=2)] == ["job 0", "job 1"]
    imports = selectors.job_list(kind="a.import")
    assert imports and all(j.kind == "a.import" for j in imports)
    done = selectors.job_list(status="completed", kind="b.export", limit=3)
    assert [j.title for j in done] == ["job 0", "job 6", "job 12"]
    assert selectors.job_list(limit=-5) == []
    assert selectors.job_get(newest[0].pk) == newest[0]


@pytest.mark.django_db(transaction=True)
def test_progress_committed_chunk_by_chunk_is_seen_live_by_another_connection(owner_client, tenant):
    """The worker commits after each chunk; the Jobs screen (another connection) sees it."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def screen() -> dict:
        try:  # a thread has its own database connection
            return owner_client.get(f"/api/admin/jobs/jobs/{job.pk}").json()
        finally:
            connections.close_all()

    with tenant_context(tenant):
        job = new_job(total=30)
    seen = []
    with ThreadPoolExecutor(max_workers=1) as pool:
        with tenant_context(tenant):
            services.job_start(job_id=job.pk)
        for done in (10, 20, 30):
            with tenant_context(tenant):  # one chunk's transaction
                services.job_progress(job_id=job.pk, done=done, failed=done // 10 - 1)
            body = pool.submit(screen).result()
            seen.append((body["status"], body["done"], body["failed"], round(body["progress"], 2)))
        with tenant_context(tenant):
            services.job_finish(job_id=job.pk, result={"ok": 28})
        final = pool.submit(screen).result()
    assert seen == [("running", 10, 0, 0.33), ("running", 20, 1, 0.67), ("running", 30, 2, 1.0)]
    assert (final["status"], final["progress"], final["result"]) == ("completed", 1, {"ok": 28})
