"""Work that runs after the response has been sent, only if the request committed.

A view that must answer before doing per-user work (so that its timing cannot reveal
whether an account exists) hands that work to :func:`run_after_response`. The WSGI server
calls ``response.close()`` once the body is on the wire; the work runs then, each job in
its own transaction (the job opens its own tenant context). A request that answers 4xx/5xx
and so commits nothing runs none of its jobs, except those registered ``always`` (the
record of a refusal). Outside a request (commands, tests of
services) the job runs when the current transaction commits.

This is the in-process stand-in for a queued task: a job must be idempotent, take plain
values (ids, strings), and never raise (failures are logged).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from apps.core.errors import response_commits

logger = logging.getLogger(__name__)

Job = Callable[[], None]
_jobs: ContextVar[list[tuple[Job, bool]] | None] = ContextVar("after_response_jobs", default=None)


def run_after_response(job: Job, *, always: bool = False) -> None:
    """Run ``job`` after the response; ``always`` also after a refused (rolled back) one,
    for records of the refusal itself (the audit trail's denied requests)."""
    jobs = _jobs.get()
    if jobs is not None:
        jobs.append((job, always))
    elif always:
        job()
    else:
        transaction.on_commit(lambda: run_jobs([job]))


def run_jobs(jobs: list[Job]) -> None:
    for job in jobs:
        try:
            job()
        except Exception:  # a job's failure must not break the (already sent) response
            logger.exception("after-response job %r failed", job)


class AfterResponseMiddleware:
    """Collects the request's jobs; runs them when the server closes the response.

    Sits outside the tenant middleware, so by the time the view's response reaches it the
    request's transaction has committed or rolled back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        jobs: list[tuple[Job, bool]] = []
        token = _jobs.set(jobs)
        try:
            response = self.get_response(request)
        finally:
            _jobs.reset(token)
        committed = response_commits(response)
        to_run = [job for job, always in jobs if always or committed]
        if to_run:
            close = response.close

            def run_then_close() -> None:
                try:
                    run_jobs(to_run)
                finally:
                    close()

            response.close = run_then_close  # type: ignore[method-assign]
        return response
