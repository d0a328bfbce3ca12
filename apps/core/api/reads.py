"""Read helpers for API views: querylet documents as responses, with problem+json errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest, HttpResponse

from apps.core.errors import NotFound, ValidationFailed
from querylet import django_adapter as ql


def object_response(
    name: str, data: Mapping[str, Any] | None = None, *, what: str = "object", status: int = 200
) -> HttpResponse:
    """``status`` (200, or 201 after a create) with the object Postgres built; 404 if none."""
    text = ql.fetch_object(name, data)
    if text is None:
        raise NotFound(f"No such {what}.")
    return ql.json_response(text, status=status)


def array_response(name: str, data: Mapping[str, Any] | None = None) -> HttpResponse:
    return ql.json_response(ql.fetch_array(name, data))


def paginated_response(
    request: HttpRequest, name: str, data: Mapping[str, Any] | None = None
) -> HttpResponse:
    """``page``/``per_page``/``sort``/``search`` from the query string; 400 on bad input."""
    try:
        page_request = ql.page_request(request.GET)
        page = ql.fetch_page(name, data or {}, page_request)
    except ql.PaginationError as exc:
        raise ValidationFailed(str(exc), code=exc.code, errors={exc.field: [str(exc)]}) from exc
    return ql.page_response(request, page)
