"""Error answers for any route: problem+json for API clients, a small page for browsers.

APIs (``/api/``, ``/sdk/``, ``/v1/``, ``/healthz``) always answer problem+json. Other routes
(the panels, ``/``) answer a plain HTML page when the client prefers HTML, so a person who
mistypes a panel URL or an academy host sees a page, not a JSON document. The page has no
script and no inline style (the panels' Content-Security-Policy applies to it too).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.html import escape

from apps.core.errors import ApiError, problem_response, response_for_api_error

API_PREFIXES = ("/api/", "/sdk/", "/v1/", "/healthz")
PAGE_MARKER = "teacherseat_error_page"

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body>
<main>
<h1>{title}</h1>
<p>{detail}</p>
<p><a href="/student/">Go to the student panel</a></p>
<p><small>Error {status} · {code} · request {request_id}</small></p>
</main>
</body>
</html>
"""


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIXES) or path == "/api" or path == "/sdk"


def wants_html(request: HttpRequest) -> bool:
    if is_api_path(request.path):
        return False
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and "application/problem+json" not in accept


def error_response(
    request: HttpRequest, *, status: int, code: str, title: str, detail: str | None = None
) -> HttpResponse:
    if not wants_html(request):
        return problem_response(status=status, code=code, title=title, detail=detail)
    response = HttpResponse(
        _PAGE.format(
            title=escape(title),
            detail=escape(detail or title),
            status=status,
            code=escape(code),
            request_id=escape(getattr(request, "request_id", "")),
        ),
        status=status,
        content_type="text/html; charset=utf-8",
    )
    setattr(response, PAGE_MARKER, True)
    return response


def response_for_error(request: HttpRequest, error: ApiError) -> HttpResponse:
    """An :class:`ApiError` answered outside DRF, in the client's preferred form."""
    if not wants_html(request):
        return response_for_api_error(error)
    return error_response(
        request, status=error.status, code=error.code, title=error.title, detail=error.detail
    )
