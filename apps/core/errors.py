"""One error shape everywhere: RFC 9457 ``application/problem+json`` with a stable ``code``.

Domain errors subclass :class:`ApiError`; :func:`problem_exception_handler` (DRF) and the
Django ``handler40x/500`` views in :mod:`apps.core.views` map everything else, so a client
never sees an HTML error page or a stack trace from an API.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import DataError
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from rest_framework import exceptions as drf

from apps.core.request_id import current_request_id

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://teacherseat.dev/problems/"


COMMITS_ATTRIBUTE = "teacherseat_commits_despite_error"


class ApiError(Exception):
    """Base of every error an API may answer with. Subclasses fix status, code and title.

    A request that answers 4xx/5xx commits nothing (see ``apps.tenants.middleware``). An
    error type whose preceding work must still be kept (a failed sign-in is counted by the
    rate limiter) declares ``commits = True``; only then does the request's transaction
    commit. Work done inside an inner ``transaction.atomic`` block that the error leaves is
    rolled back by that block regardless, so such work must happen outside it.
    """

    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"
    commits: bool = False

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        errors: Mapping[str, Any] | None = None,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.detail = detail or self.title
        if code is not None:
            self.code = code
        self.errors = dict(errors) if errors else None
        self.extra = dict(extra) if extra else {}
        self.headers = dict(headers) if headers else {}
        super().__init__(self.detail)


class BadRequest(ApiError):
    status, code, title = 400, "bad_request", "Bad request"


class ValidationFailed(ApiError):
    status, code, title = 400, "validation_error", "The request is not valid"


class NotAuthenticated(ApiError):
    status, code, title = 401, "not_authenticated", "Sign-in required"


class PermissionDenied(ApiError):
    status, code, title = 403, "forbidden", "Not allowed"


class NotFound(ApiError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(ApiError):
    status, code, title = 409, "conflict", "Conflict"


class PayloadTooLarge(ApiError):
    status, code, title = 413, "payload_too_large", "The request body is too large"


class RateLimited(ApiError):
    status, code, title = 429, "rate_limited", "Too many requests"

    def __init__(self, retry_after_seconds: int, detail: str | None = None) -> None:
        super().__init__(
            detail or f"Too many requests; retry after {retry_after_seconds} seconds.",
            extra={"retry_after": retry_after_seconds},
            headers={"Retry-After": str(retry_after_seconds)},
        )


def problem_response(
    *,
    status: int,
    code: str,
    title: str,
    detail: str | None = None,
    errors: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    """Build the problem+json response; ``request_id`` comes from the request context."""
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": title,
        "status": status,
        "detail": detail or title,
        "code": code,
    }
    if errors:
        body["errors"] = dict(errors)
    if extra:
        body.update(extra)
    body["request_id"] = current_request_id.get()
    response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def response_for_api_error(error: ApiError) -> HttpResponse:
    response = problem_response(
        status=error.status,
        code=error.code,
        title=error.title,
        detail=error.detail,
        errors=error.errors,
        extra=error.extra,
        headers=error.headers,
    )
    if error.commits:
        setattr(response, COMMITS_ATTRIBUTE, True)
    return response


def response_commits(response: HttpResponse) -> bool:
    """Should the request's transaction commit? Success always; errors only if declared."""
    return response.status_code < 400 or bool(getattr(response, COMMITS_ATTRIBUTE, False))


def _validation_errors(detail: Any) -> dict[str, Any]:
    if isinstance(detail, dict):
        return {
            str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {"non_field_errors": [str(detail)]}


_DRF_MAP: tuple[tuple[type[Exception], int, str, str], ...] = (
    (drf.NotAuthenticated, 401, "not_authenticated", "Sign-in required"),
    (drf.AuthenticationFailed, 401, "authentication_failed", "Authentication failed"),
    (drf.PermissionDenied, 403, "forbidden", "Not allowed"),
    (drf.NotFound, 404, "not_found", "Not found"),
    (drf.MethodNotAllowed, 405, "method_not_allowed", "Method not allowed"),
    (drf.NotAcceptable, 406, "not_acceptable", "Not acceptable"),
    (drf.UnsupportedMediaType, 415, "unsupported_media_type", "Unsupported media type"),
)


def problem_for_exception(exc: Exception) -> HttpResponse:
    """Map any exception raised while serving an API request to a problem response."""
    if isinstance(exc, ApiError):
        return response_for_api_error(exc)
    if isinstance(exc, drf.ValidationError):
        return problem_response(
            status=400,
            code="validation_error",
            title="The request is not valid",
            errors=_validation_errors(exc.detail),
        )
    if isinstance(exc, drf.Throttled):
        wait = int(getattr(exc, "wait", None) or 1)
        return response_for_api_error(RateLimited(wait))
    if isinstance(exc, RequestDataTooBig):
        return response_for_api_error(PayloadTooLarge())
    if isinstance(exc, drf.ParseError) and isinstance(exc.__context__, MultiPartParserError):
        return response_for_api_error(BadRequest(str(exc.detail), code="malformed_multipart"))
    if isinstance(exc, drf.ParseError):
        return problem_response(
            status=400, code="malformed_json", title="Malformed JSON", detail=str(exc.detail)
        )
    for exc_type, status, code, title in _DRF_MAP:
        if isinstance(exc, exc_type):
            detail = getattr(exc, "detail", None)
            return problem_response(status=status, code=code, title=title, detail=str(detail))
    if isinstance(exc, Http404):
        return response_for_api_error(NotFound())
    if isinstance(exc, DjangoPermissionDenied):
        return response_for_api_error(PermissionDenied())
    if isinstance(exc, SuspiciousOperation):
        return response_for_api_error(BadRequest("The request was rejected."))
    if isinstance(exc, MultiPartParserError):  # e.g. read by the CSRF check of a public form
        return response_for_api_error(
            BadRequest("The multipart body could not be parsed.", code="malformed_multipart")
        )
    if isinstance(exc, DataError):
        # The safety net for input no serializer bounded (2^31 into an integer column, NUL in
        # text): the database refused a value, so it is the client's. The message stays in
        # the log; the tenant middleware rolls the failed request's transaction back.
        logger.info("Database refused a request value: %s", exc)
        return response_for_api_error(
            BadRequest(
                "A value in the request is out of range or not valid for its field.",
                code="invalid_value",
            )
        )
    logger.exception("Unhandled error while serving an API request", exc_info=exc)
    return problem_response(
        status=500,
        code="internal_error",
        title="Internal server error",
        detail="Something went wrong on our side. Quote the request id when reporting it.",
    )


def problem_exception_handler(exc: Exception, context: Mapping[str, Any]) -> HttpResponse:
    """DRF ``EXCEPTION_HANDLER``: every exception becomes problem+json, never HTML.

    Whether the request's transaction commits is decided once, by the tenant middleware,
    from the response (:func:`response_commits`).
    """
    return problem_for_exception(exc)
