"""The thin Django adapter: per-app query roots, fetch helpers and streaming responses.

Postgres builds the response document; these helpers hand its JSON *text* to the HTTP
response untouched (the ``json`` type is loaded as text on our cursors, so nothing is
parsed and re-dumped in Python).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.apps import apps as django_apps
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from psycopg.types.string import TextLoader

from querylet import Library, OrderingError, Rendered

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
# Far beyond any real listing, yet (page - 1) * per_page stays well inside a bigint OFFSET.
MAX_PAGE = 1_000_000


class PaginationError(ValueError):
    """Bad ``page``/``per_page``/``sort`` input; views answer 400 with ``code``."""

    def __init__(self, code: str, message: str, field: str) -> None:
        self.code, self.field = code, field
        super().__init__(message)


@lru_cache(maxsize=1)
def queries() -> Library:
    """One library for the project: ``<app label>.a.b`` → ``apps/<app>/queries/a/b.sql``."""
    roots: dict[str, Path] = {}
    for config in django_apps.get_app_configs():
        root = Path(config.path) / "queries"
        if config.name.startswith("apps.") and root.is_dir():
            roots[config.label] = root
    return Library(roots=roots, auto_reload=settings.DEBUG)


def render(name: str, data: Mapping[str, Any] | None = None) -> Rendered:
    return queries().render(name, data or {})


def _execute(name: str, data: Mapping[str, Any] | None) -> list[tuple[Any, ...]]:
    rendered = render(name, data)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.adapters.register_loader("json", TextLoader)
        raw.adapters.register_loader("jsonb", TextLoader)
        cursor.execute(rendered.sql, rendered.params)
        return list(cursor.fetchall())


def fetch_rows(name: str, data: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    rendered = render(name, data)
    with connection.cursor() as cursor:
        cursor.execute(rendered.sql, rendered.params)
        columns = [column.name for column in cursor.description or ()]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def fetch_value(name: str, data: Mapping[str, Any] | None = None) -> Any:
    rows = fetch_rows(name, data)
    return next(iter(rows[0].values())) if rows else None


def fetch_values(name: str, data: Mapping[str, Any] | None = None) -> list[Any]:
    return [next(iter(row.values())) for row in fetch_rows(name, data)]


def fetch_json(name: str, data: Mapping[str, Any] | None = None) -> str | None:
    """The JSON text of a one-row, one-column template (object/array), unparsed."""
    rows = _execute(name, data)
    if not rows:
        return None
    value = rows[0][0]
    return value if value is None else str(value)


def fetch_object(name: str, data: Mapping[str, Any] | None = None) -> str | None:
    return fetch_json(name, data)


def fetch_array(name: str, data: Mapping[str, Any] | None = None) -> str:
    return fetch_json(name, data) or "[]"


def json_response(text: str, *, status: int = 200) -> HttpResponse:
    return HttpResponse(text.encode(), status=status, content_type="application/json")


@dataclass(frozen=True)
class PageRequest:
    page: int
    per_page: int
    sort: str | None
    search: str | None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def _positive_int(raw: str | None, default: int, field: str, maximum: int) -> int:
    """ASCII digits only: ``str.isdigit`` also accepts ``٣`` and ``²`` (``int`` refuses ``²``)."""
    if raw is None or raw == "":
        return default
    digits = raw.lstrip("0")
    if not (raw.isascii() and raw.isdigit()) or not digits:
        raise PaginationError("invalid_pagination", f"{field} must be a positive integer", field)
    # Compare lengths first: ``int()`` of thousands of digits is slow, then refused.
    if len(digits) > len(str(maximum)) or int(digits) > maximum:
        raise PaginationError(f"{field}_too_large", f"{field} may be at most {maximum}", field)
    return int(digits)


def page_request(params: Mapping[str, str]) -> PageRequest:
    page = _positive_int(params.get("page"), 1, "page", MAX_PAGE)
    per_page = _positive_int(params.get("per_page"), DEFAULT_PER_PAGE, "per_page", MAX_PER_PAGE)
    search = (params.get("search") or "").strip() or None
    return PageRequest(page=page, per_page=per_page, sort=params.get("sort") or None, search=search)


@dataclass(frozen=True)
class Page:
    json_text: str
    meta: dict[str, Any]


def fetch_page(name: str, data: Mapping[str, Any], request: PageRequest) -> Page:
    """One count query (``<name>_count``) and one page query (``<name>``)."""
    values = {
        **data,
        "sort": request.sort,
        "search": request.search,
        "limit": request.per_page,
        "offset": request.offset,
    }
    try:
        json_text = fetch_array(name, values)
    except OrderingError as exc:
        raise PaginationError("invalid_sort", str(exc).split(": ", 1)[-1], "sort") from exc
    total = int(fetch_value(f"{name}_count", values) or 0)
    total_pages = math.ceil(total / request.per_page) if total else 0
    page = request.page
    meta = {
        "page": page,
        "per_page": request.per_page,
        "total": total,
        "total_pages": total_pages,
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page < total_pages else None,
        "out_of_bounds": page > max(total_pages, 1),
    }
    return Page(json_text=json_text, meta=meta)


def _link_header(request: HttpRequest, meta: Mapping[str, Any]) -> str:
    base = request.build_absolute_uri(request.path)
    query = {k: v for k, v in request.GET.items() if k != "page"}

    def url(page: int) -> str:
        return f"{base}?{urlencode({**query, 'page': page})}"

    last = max(int(meta["total_pages"]), 1)
    links = [f'<{url(1)}>; rel="first"']
    if meta["previous_page"]:
        links.append(f'<{url(int(meta["previous_page"]))}>; rel="prev"')
    if meta["next_page"]:
        links.append(f'<{url(int(meta["next_page"]))}>; rel="next"')
    links.append(f'<{url(last)}>; rel="last"')
    return ", ".join(links)


def page_response(request: HttpRequest, page: Page) -> HttpResponse:
    response = json_response(page.json_text)
    response["X-Pagination"] = json.dumps(page.meta, separators=(",", ":"))
    response["Link"] = _link_header(request, page.meta)
    return response
