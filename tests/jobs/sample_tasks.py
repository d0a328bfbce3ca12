"""Tasks for the jobs tests (registered with the Celery app when this module is imported)."""

from __future__ import annotations

from apps.jobs import services
from apps.jobs.runtime import tenant_task


@tenant_task("tests.jobs.progress")
def progress(*, tenant_id: int, job_id: int, done: int) -> None:
    services.job_progress(job_id=job_id, done=done)


@tenant_task("tests.jobs.explode")
def explode(*, tenant_id: int, job_id: int) -> None:
    raise ValueError(f"job {job_id} exploded")
