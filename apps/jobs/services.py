"""Writes of the Jobs system: a job's life (create, start, progress, finish) and redrives.

Job services run in the caller's transaction (a worker commits chunk by chunk, so the
progress it records is visible while it runs) inside the caller's tenant context, and
assume the caller was authorised. Each is one statement, safe to repeat: SQS delivers at
least once, so a task may start, progress and finish the same job twice.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.db.models import DateTimeField, F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.iam.models import User
from apps.jobs import dead_letters
from apps.jobs.errors import JobNotFound
from apps.jobs.models import Job
from apps.tenants.context import current_tenant_id

MAX_KIND_LENGTH = 64  # Job.kind


def job_create(*, kind: str, title: str, total: int, created_by: User | None) -> Job:
    """A pending job of the current academy; ``total`` is the number of items to process."""
    if total < 0:
        raise ValueError("total must not be negative")
    if not kind or len(kind) > MAX_KIND_LENGTH:
        raise ValueError(f"kind must be 1 to {MAX_KIND_LENGTH} characters")
    job: Job = Job.objects.create(kind=kind, title=title[:200], total=total, created_by=created_by)
    return job


def _update(job_id: int, **fields: Any) -> None:
    if not Job.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields):
        raise JobNotFound(f"No job {job_id} in this academy.")


def job_start(*, job_id: int) -> None:
    """Mark the job running. Starting again (a redelivered task) keeps the first start time
    and clears a previous finish, so a rerun ends with its own outcome."""
    now = Value(timezone.now(), output_field=DateTimeField())
    _update(
        job_id,
        status=Job.Status.RUNNING,
        started_at=Coalesce(F("started_at"), now),
        finished_at=None,
        error="",
    )


def job_progress(*, job_id: int, done: int, failed: int = 0) -> None:
    """Set the absolute counters: ``done`` items processed so far, ``failed`` of them failed."""
    if done < 0 or failed < 0:
        raise ValueError("done and failed must not be negative")
    _update(job_id, done=done, failed=failed)


def job_finish(*, job_id: int, result: dict[str, Any] | None = None, error: str = "") -> None:
    """``completed`` (with ``result``), or ``failed`` when ``error`` says why."""
    _update(
        job_id,
        status=Job.Status.FAILED if error else Job.Status.COMPLETED,
        result=result if result is not None else {},
        error=error,
        finished_at=timezone.now(),
    )


def dead_letter_redrive(*, message_ids: Collection[str] | None = None) -> int:
    """Move the current academy's dead letters (all, or those named) back to their queues;
    returns how many moved. Other academies' messages are never touched."""
    tenant_id = current_tenant_id()
    if tenant_id is None:
        raise RuntimeError("dead_letter_redrive needs a tenant context")
    with dead_letters.broker_call():
        return dead_letters.redrive(tenant_id=tenant_id, message_ids=message_ids)
