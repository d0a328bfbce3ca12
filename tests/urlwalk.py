"""Walk every URL pattern of both URLconfs (app hosts and the SDK host).

Shared by the architecture test (every API view declares its base and actions) and the
route fuzz test (every route answers hostile input with a 4xx problem, never a 5xx).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

URLCONFS = ("teacherseat.urls", "teacherseat.urls_sdk")
HTTP_METHODS = ("get", "post", "put", "patch", "delete")


def walk(resolver: URLResolver, prefix: str = "") -> Iterator[tuple[str, URLPattern, object]]:
    """``(route text, pattern, view callback)`` for every leaf pattern under ``resolver``."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern, pattern.callback


@dataclass(frozen=True)
class Route:
    urlconf: str
    route: str  # e.g. "api/admin/iam/users/<int:user_id>"
    converters: tuple[tuple[str, str], ...]  # (parameter name, converter: int/str/slug/...)
    callback: object

    @property
    def view_class(self) -> type | None:
        return getattr(self.callback, "view_class", None) or getattr(self.callback, "cls", None)

    @property
    def methods(self) -> tuple[str, ...]:
        """The HTTP methods the view class serves (lower case); empty for function views."""
        view_class = self.view_class
        if view_class is None:
            return ()
        return tuple(m for m in HTTP_METHODS if hasattr(view_class, m))

    @property
    def is_regex(self) -> bool:
        return self.route.startswith("^")

    def __str__(self) -> str:
        return f"{self.urlconf.rsplit('.', 1)[-1]}:{self.route}"


def _converters(route: str) -> tuple[tuple[str, str], ...]:
    found = []
    for part in route.split("<")[1:]:
        spec = part.split(">", 1)[0]
        converter, _, name = spec.rpartition(":")
        found.append((name, converter or "str"))
    return tuple(found)


def routes() -> list[Route]:
    """Every leaf route of both URLconfs, in declaration order."""
    return [
        Route(urlconf=urlconf, route=route, converters=_converters(route), callback=callback)
        for urlconf in URLCONFS
        for route, _pattern, callback in walk(get_resolver(urlconf))
    ]
