"""``{{order_by}}``: turn a client sort string into an ORDER BY clause.

The emitted SQL is assembled exclusively from allow-list expressions written in
the template; the client string is only used to *select* among them.  Anything
unexpected raises :class:`OrderingError` (adapters answer HTTP 400).
"""

from __future__ import annotations

import re
from typing import Any

from querylet.errors import OrderingError

__all__ = ["OrderSpec", "split_top_level"]

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CACHE_LIMIT = 512


def split_top_level(text: str) -> list[str]:
    """Split on commas outside parentheses and single quotes."""
    parts: list[str] = []
    depth = 0
    in_quote = False
    current: list[str] = []
    for ch in text:
        if in_quote:
            in_quote = ch != "'"
        elif ch == "'":
            in_quote = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def _describe(value: str) -> str:
    return repr(value if len(value) <= 40 else value[:40] + "...")


class OrderSpec:
    """Parsed allow-list + default for one ``{{order_by}}`` directive."""

    __slots__ = ("_cache", "_default_sql", "column", "expressions", "line", "names", "template")

    def __init__(
        self, allow: str, default: str | None, template: str, line: int, column: int
    ) -> None:
        """Parse ``allow``/``default``; raises ``ValueError`` if they are malformed."""
        self.template = template
        self.line = line
        self.column = column
        self.expressions: dict[str, str] = {}
        for entry in split_top_level(allow):
            name, sep, expr = entry.partition("=")
            name = name.strip()
            expr = expr.strip() if sep else name
            if not _NAME_RE.fullmatch(name):
                raise ValueError(f"bad allow-list entry {entry.strip()!r}")
            if not expr:
                raise ValueError(f"empty SQL expression for sort name {name!r}")
            if name in self.expressions:
                raise ValueError(f"duplicate sort name {name!r} in allow-list")
            self.expressions[name] = expr.replace("%", "%%")
        self.names: tuple[str, ...] = tuple(self.expressions)
        self._cache: dict[str, str] = {}
        try:
            self._default_sql = self._build(default or "") if default else ""
        except OrderingError as exc:
            raise ValueError(f"invalid default: {exc.message}") from None

    def _fail(self, message: str) -> OrderingError:
        return OrderingError(message, self.template, self.line, self.column, allowed=self.names)

    def _build(self, value: str) -> str:
        items: list[str] = []
        seen: set[str] = set()
        for raw in value.split(","):
            item = raw.strip()
            descending = item.startswith("-")
            name = item[1:] if descending else item
            if not name:
                raise self._fail("malformed sort string (empty item)")
            expr = self.expressions.get(name)
            if expr is None:
                raise self._fail(
                    f"cannot sort by {_describe(name)}; allowed: {', '.join(self.names)}"
                )
            if name in seen:
                raise self._fail(f"sort field {_describe(name)} given twice")
            seen.add(name)
            items.append(f"{expr} DESC" if descending else f"{expr} ASC")
        return "ORDER BY " + ", ".join(items)

    def clause(self, value: Any) -> str:
        """Return the ORDER BY clause for a client value (``None``/blank -> default)."""
        if value is None:
            return self._default_sql
        if isinstance(value, list | tuple):
            if not all(isinstance(v, str) for v in value):
                raise self._fail("sort value must be a string")
            value = ",".join(value)
        elif not isinstance(value, str):
            raise self._fail(f"sort value must be a string, got {type(value).__name__}")
        cached = self._cache.get(value)
        if cached is not None:
            return cached
        if not value.strip():
            return self._default_sql
        sql = self._build(value)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[value] = sql
        return sql
