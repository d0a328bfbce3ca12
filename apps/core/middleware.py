"""Cross-cutting HTTP middleware: request ids and body-size limits."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from apps.core.errors import PayloadTooLarge, response_for_api_error
from apps.core.request_id import choose_request_id, current_request_id

GetResponse = Callable[[HttpRequest], HttpResponse]


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
