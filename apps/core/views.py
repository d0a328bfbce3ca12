"""Framework-level views: health check, problem+json error handlers, the SPA shells."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse

from apps.core.errors import problem_response

logger = logging.getLogger(__name__)


def healthz(request: HttpRequest) -> HttpResponse:
    """200 with database status, or 503 when Postgres cannot be reached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means "down" for a health check
        logger.warning("health check: database unreachable", exc_info=True)
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        response["Retry-After"] = "5"
        return response
    return JsonResponse({"status": "ok", "database": "up"})


def route_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return problem_response(
        status=404,
        code="route_not_found",
        title="Not found",
        detail=f"No route matches {request.path}.",
    )


def handler400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return problem_response(status=400, code="bad_request", title="Bad request")


def handler403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = "csrf_failed" if "CSRF" in str(exception or "") else "forbidden"
    return problem_response(
        status=403, code=reason, title="Not allowed", detail=str(exception or "")
    )


def handler404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return route_not_found(request)


def handler500(request: HttpRequest) -> HttpResponse:
    return problem_response(
        status=500,
        code="internal_error",
        title="Internal server error",
        detail="Something went wrong on our side. Quote the request id when reporting it.",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return problem_response(
        status=403, code="csrf_failed", title="CSRF check failed", detail=reason
    )


ASSET_CACHE = "public, max-age=31536000, immutable"


def spa_shell(request: HttpRequest, panel: str, path: str = "") -> HttpResponseBase:
    """Serve a built SPA: its files under ``dist/``, else ``index.html`` (deep links work).

    Paths are resolved inside the panel's ``dist`` folder only; anything that escapes it
    falls back to the app shell. Hashed asset names are cached for a year.
    """
    dist = (Path(settings.FRONTENDS_DIR) / panel / "dist").resolve()
    if path:
        candidate = _existing_file(dist, path)
        if candidate is not None:
            content_type, _ = mimetypes.guess_type(candidate.name)
            response = FileResponse(candidate.open("rb"), content_type=content_type)
            if "/assets/" in f"/{path}":
                response["Cache-Control"] = ASSET_CACHE
            return response
    for shell in (dist / "index.html", Path(settings.FRONTENDS_DIR) / panel / "index.html"):
        if shell.is_file():
            response = FileResponse(shell.open("rb"), content_type="text/html; charset=utf-8")
            response["Cache-Control"] = "no-cache"
            return response
    return problem_response(status=404, code="panel_not_built", title="Panel not built")


def _existing_file(dist: Path, path: str) -> Path | None:
    """The file ``path`` names inside ``dist``, or None (escapes, missing, unusable names).

    A name the filesystem cannot take (too long, NUL) is just a deep link, not an error.
    """
    try:
        candidate = (dist / path).resolve()
        found = candidate.is_file() and candidate.is_relative_to(dist)
    except (OSError, ValueError):
        return None
    return candidate if found else None
