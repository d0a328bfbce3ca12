"""The JSON body parser every API view uses: DRF's, with limits hostile bodies need.

``json.loads`` recurses once per nesting level, so ``[[[[…]]]]`` ten thousand deep raises
``RecursionError`` (a 500 under DRF's parser); and a string holding NUL or a lone surrogate
parses fine but can never be stored (Postgres text refuses NUL, UTF-8 cannot encode a
surrogate), so it would fail later, deep inside a query. Both are refused here as a 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError

from apps.core.errors import BadRequest

MAX_DEPTH = 32


class NestingTooDeep(ParseError):
    default_detail = f"JSON parse error - nested more than {MAX_DEPTH} levels deep."


def has_unstorable_characters(text: str) -> bool:
    """NUL, or a lone surrogate (which has no UTF-8 encoding)."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def check_document(data: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise unless ``data`` nests at most ``max_depth`` levels and every string is storable.

    Iterative on purpose: this must not itself recurse on a document it is about to refuse.
    """
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if has_unstorable_characters(value):
                raise BadRequest(
                    "The JSON body contains NUL or lone surrogate characters.",
                    code="invalid_characters",
                )
        elif isinstance(value, Mapping | list):
            if depth > max_depth:
                raise NestingTooDeep()
            items = [*value.keys(), *value.values()] if isinstance(value, Mapping) else value
            pending.extend((item, depth + 1) for item in items)


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing deep nesting and unstorable strings with a 400."""

    def parse(
        self,
        stream: IO[Any],
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:  # deeper than the interpreter's recursion limit
            raise NestingTooDeep() from exc
        check_document(data)
        return data
