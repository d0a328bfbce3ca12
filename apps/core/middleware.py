"""Cross-cutting HTTP middleware: request ids, body-size limits, error pages, headers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse

from apps.core.error_pages import PAGE_MARKER, error_response, is_api_path, response_for_error
from apps.core.errors import ApiError, PayloadTooLarge, response_for_api_error
from apps.core.request_id import choose_request_id, current_request_id

GetResponse = Callable[[HttpRequest], HttpResponse]
logger = logging.getLogger(__name__)


class RequestIdMiddleware:
    """Give every request an id, echo it in ``X-Request-ID`` and in problem documents."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = choose_request_id(request.META.get("HTTP_X_REQUEST_ID"))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response


class BodySizeLimitMiddleware:
    """Refuse oversized bodies up front (413 problem) instead of reading them."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.API_MAX_BODY_BYTES:
            return response_for_api_error(
                PayloadTooLarge(f"The body may be at most {settings.API_MAX_BODY_BYTES} bytes.")
            )
        return self.get_response(request)


class SafeErrorPagesMiddleware:
    """Django's debug pages never reach a client, whatever ``DEBUG`` says.

    With ``DEBUG`` on, Django answers uncaught exceptions, unmatched URLs and suspicious
    requests with technical pages that list settings, URL patterns and tracebacks. Any
    4xx/5xx answer in a text format (HTML, plain text) that is not one of our own error
    pages is replaced by the standard error for its status (the traceback goes to the log,
    not the client). JSON answers (problem+json, the health check's 503) pass unchanged.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code >= 400 and not _is_safe_error(response):
            return _standard_error(request, response.status_code)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse:
        """Exceptions from views outside DRF (the panel shells, Django's own views)."""
        if isinstance(exception, ApiError):
            return response_for_error(request, exception)
        if isinstance(exception, Http404):
            return _standard_error(request, 404)
        if isinstance(exception, DjangoPermissionDenied):
            return _standard_error(request, 403)
        if isinstance(exception, SuspiciousOperation):
            return _standard_error(request, 400)
        logger.error("Unhandled error on %s", request.path, exc_info=exception)
        return _standard_error(request, 500)


_STANDARD_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "Bad request"),
    403: ("forbidden", "Not allowed"),
    404: ("route_not_found", "Not found"),
    405: ("method_not_allowed", "Method not allowed"),
}


def _is_safe_error(response: HttpResponse) -> bool:
    content_type = response.get("Content-Type", "")
    return not content_type.startswith("text/") or bool(getattr(response, PAGE_MARKER, False))


def _standard_error(request: HttpRequest, status: int) -> HttpResponse:
    if status >= 500:
        return error_response(
            request,
            status=status,
            code="internal_error" if status == 500 else "unavailable",
            title="Internal server error" if status == 500 else "Service unavailable",
            detail="Something went wrong on our side. Quote the request id when reporting it.",
        )
    code, title = _STANDARD_ERRORS.get(status, ("http_error", "Request failed"))
    return error_response(request, status=status, code=code, title=title)


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set.

    - every API response is ``Cache-Control: no-store`` unless the view chose otherwise:
      they carry personal data and secrets (new access keys, MFA secrets, who-am-I);
    - every HTML response (panels, error pages) carries the Content-Security-Policy.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api_path(request.path):
            if "Cache-Control" not in response:
                response["Cache-Control"] = "no-store"
        elif response.get("Content-Type", "").startswith("text/html"):
            response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response
