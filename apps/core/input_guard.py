"""Refuse request lines no view should see: NUL, invalid UTF-8, lone surrogates.

Postgres text cannot hold NUL and psycopg cannot encode a lone surrogate, so letting such a
value reach a query turns a hostile URL into a server error. This middleware answers 400
(``invalid_characters``) before any view or tenant lookup runs.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpRequest, HttpResponse

from apps.core.errors import BadRequest, response_for_api_error

GetResponse = Callable[[HttpRequest], HttpResponse]


def _query_bytes(request: HttpRequest) -> bytes:
    """WSGI carries the raw query as latin-1 text; ASGI servers hand over decoded text."""
    query = request.META.get("QUERY_STRING", "")
    if isinstance(request, WSGIRequest):
        try:
            return unquote_to_bytes(query.encode("latin-1").replace(b"+", b" "))
        except UnicodeEncodeError:  # not what PEP 3333 promises; judge the text itself
            pass
    return unquote_to_bytes(query.encode("utf-8", "surrogatepass").replace(b"+", b" "))


def is_clean(raw: bytes) -> bool:
    """Valid UTF-8 (which excludes encoded surrogates) and no NUL."""
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def refusal(request: HttpRequest) -> str | None:
    """Which part of the request line is unacceptable, or ``None``.

    Django hands views the path decoded, with bytes that are not UTF-8 re-escaped as
    ``%XX``; so the path is judged both as text and once more percent-decoded (which also
    refuses a double-encoded ``%2500``).
    """
    path = request.path_info.encode("utf-8", "surrogatepass")
    if not (is_clean(path) and is_clean(unquote_to_bytes(path))):
        return "path"
    if not is_clean(_query_bytes(request)):
        return "query string"
    return None


class InputGuardMiddleware:
    """400 problem for a path or query string with NUL, invalid UTF-8 or lone surrogates."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        part = refusal(request)
        if part is not None:
            return response_for_api_error(
                BadRequest(
                    f"The {part} contains NUL, invalid UTF-8 or lone surrogate characters.",
                    code="invalid_characters",
                )
            )
        return self.get_response(request)
