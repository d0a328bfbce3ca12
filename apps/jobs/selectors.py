"""Reads of the Jobs system: jobs (ORM for Python callers, SQL documents for the API) and
the current academy's dead letters.

Every read runs in the caller's tenant context; row-level security keeps other academies'
jobs out, so a job id of another academy is simply not found.
"""

from __future__ import annotations

from django.http import HttpResponse

from apps.jobs import dead_letters
from apps.jobs.dead_letters import DeadLetter
from apps.jobs.errors import JobNotFound
from apps.jobs.models import Job
from apps.tenants.context import current_tenant_id
from querylet import django_adapter as ql

MAX_JOBS = 100


def job_list(*, status: str | None = None, kind: str | None = None, limit: int = 100) -> list[Job]:
    """The academy's jobs, newest first, at most ``min(limit, 100)``."""
    queryset = Job.objects.select_related("created_by").order_by("-created_at", "-id")
    if status is not None:
        queryset = queryset.filter(status=status)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    return list(queryset[: max(0, min(limit, MAX_JOBS))])


def job_get(job_id: int) -> Job:
    """One job of the academy, else 404 ``job_not_found``."""
    job: Job | None = Job.objects.filter(pk=job_id).first()
    if job is None:
        raise JobNotFound(f"No job {job_id} in this academy.")
    return job


def job_list_response(
    *, status: str | None = None, kind: str | None = None, limit: int = MAX_JOBS
) -> HttpResponse:
    """``{"items": [job]}`` built by Postgres in one statement."""
    data = {"status": status, "kind": kind, "limit": max(0, min(limit, MAX_JOBS))}
    return ql.json_response(ql.fetch_object("jobs.admin.jobs", data) or '{"items": []}')


def job_response(job_id: int) -> HttpResponse:
    """One job document, else 404 ``job_not_found``."""
    text = ql.fetch_object("jobs.admin.job", {"job_id": job_id})
    if text is None:
        raise JobNotFound(f"No job {job_id} in this academy.")
    return ql.json_response(text)


def dead_letter_list(*, limit: int = 100) -> list[DeadLetter]:
    """The current academy's dead letters (never another academy's), oldest first."""
    tenant_id = current_tenant_id()
    if tenant_id is None:
        raise RuntimeError("dead_letter_list needs a tenant context")
    with dead_letters.broker_call():
        return dead_letters.list_dead_letters(tenant_id=tenant_id, limit=limit)
