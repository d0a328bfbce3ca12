"""Domain errors of the Jobs system, each with a stable code."""

from __future__ import annotations

from apps.core.errors import ApiError, NotFound, ValidationFailed


class JobNotFound(NotFound):
    code = "job_not_found"


class InvalidJobFilter(ValidationFailed):
    code = "invalid_filter"


class QueueUnavailable(ApiError):
    """The message broker (SQS) did not answer; nothing was changed by this request."""

    status, code, title = 503, "queue_unavailable", "The job queue is unavailable"
