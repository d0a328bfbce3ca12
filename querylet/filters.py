"""Typed filters: validate/convert a data value before it becomes a bind param.

Filters never produce SQL text; they only shape the parameter value.  ``None``
passes every filter unchanged (it binds SQL NULL), matching untyped variables.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

__all__ = ["FILTERS", "FilterValueError", "escape_like"]

_INT_RE = re.compile(r"-?[0-9]+")
_FLOAT_RE = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_TRUE = frozenset({"true", "1"})
_FALSE = frozenset({"false", "0"})


class FilterValueError(Exception):
    """Internal: the value does not fit; the compiler adds the location."""


def _type_name(value: object) -> str:
    return type(value).__name__


def to_int(value: Any) -> Any:
    """int (bool excluded) or a string of decimal digits with optional '-'."""
    if value is None:
        return None
    cls = type(value)
    if cls is int:
        return value
    if cls is str:
        if _INT_RE.fullmatch(value):
            return int(value)
        raise FilterValueError("expected an integer string of decimal digits")
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise FilterValueError(f"expected int, got {_type_name(value)}")


def to_float(value: Any) -> Any:
    """int/float/Decimal or a decimal numeric string; NaN and infinities refused."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise FilterValueError("expected a number, got bool")
    numeric_string = isinstance(value, str) and _FLOAT_RE.fullmatch(value) is not None
    if isinstance(value, int | float | Decimal) or numeric_string:
        result = float(value)
    elif isinstance(value, str):
        raise FilterValueError("expected a numeric string")
    else:
        raise FilterValueError(f"expected a number, got {_type_name(value)}")
    if not math.isfinite(result):
        raise FilterValueError("expected a finite number")
    return result


def to_str(value: Any) -> Any:
    """str only: no implicit stringification of numbers or objects."""
    if value is None or type(value) is str or isinstance(value, str):
        return value
    raise FilterValueError(f"expected str, got {_type_name(value)}")


def to_arr(value: Any) -> Any:
    """list/tuple -> list param (psycopg adapts it to a Postgres array)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return list(value)
    raise FilterValueError(f"expected list or tuple, got {_type_name(value)}")


def escape_like(value: str) -> str:
    """Escape LIKE metacharacters with backslash (Postgres' default escape)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def to_wild(value: Any) -> Any:
    """str -> ``%escaped%`` for ``LIKE``/``ILIKE`` substring search."""
    if value is None:
        return None
    if isinstance(value, str):
        return f"%{escape_like(value)}%"
    raise FilterValueError(f"expected str, got {_type_name(value)}")


def to_bool(value: Any) -> Any:
    """bool, or the strings 'true'/'false'/'1'/'0' (query-string friendly)."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise FilterValueError("expected 'true' or 'false'")
    raise FilterValueError(f"expected bool, got {_type_name(value)}")


FILTERS: dict[str, Callable[[Any], Any]] = {
    "int": to_int,
    "float": to_float,
    "str": to_str,
    "arr": to_arr,
    "wild": to_wild,
    "bool": to_bool,
}
