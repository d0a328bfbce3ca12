"""Condition keys: the global keys the engine knows, their ``aws:`` aliases, and typing
context values by key type.

Every request carries the global keys below (the application fills them in); systems
declare further, per-action keys with one of :data:`KEY_TYPES`.  A global key may also be
written with the ``aws:`` prefix (``aws:SourceIp`` for ``ts:SourceIp``), so policies
copied from AWS keep working: the evaluator reads ``aws:<name>`` from ``ts:<name>`` when
the context has no ``aws:<name>`` of its own (see ``evaluate._lower_context``).

:func:`convert_context_value` turns loosely typed input (the simulator's JSON, where
everything may arrive as a string) into the value a real request would carry, so a
simulated ``"true"`` behaves like the boolean a request supplies.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from .conditions import parse_bool, parse_date
from .matching import compile_action

KEY_TYPES: Final = ("String", "Numeric", "Bool", "Date", "IpAddress")

# ASCII digits only: ``int()``/``float()`` also take other scripts' digits.
_INTEGER: Final = re.compile(r"[+-]?[0-9]+", re.ASCII)
_DECIMAL: Final = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)

NATIVE_PREFIX: Final = "ts:"
ALIAS_PREFIX: Final = "aws:"

GLOBAL_CONDITION_KEYS: Final[Mapping[str, str]] = {
    "ts:CurrentTime": "Date",
    "ts:SourceIp": "IpAddress",
    "ts:SecureTransport": "Bool",
    "ts:MultiFactorAuthPresent": "Bool",
    "ts:username": "String",
    "ts:userid": "String",
    "ts:PrincipalTag/*": "String",
}
"""Global keys (``*`` stands for any tag name) and their types.  Each also answers to its
``aws:`` spelling."""


def alias_of(key: str) -> str | None:
    """The native (``ts:``) spelling of an ``aws:`` key, else ``None``."""
    if key[: len(ALIAS_PREFIX)].lower() == ALIAS_PREFIX:
        return NATIVE_PREFIX + key[len(ALIAS_PREFIX) :]
    return None


class KeyCatalogue:
    """Known condition keys (exact names or ``*`` patterns) with their types.

    Lookups are case-insensitive, like context keys; an ``aws:`` key is known when its
    ``ts:`` twin is.
    """

    __slots__ = ("exact", "patterns")

    def __init__(self, keys: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        items = keys.items() if isinstance(keys, Mapping) else keys
        self.exact: dict[str, str] = {}
        self.patterns: list[tuple[Any, str]] = []
        for name, key_type in items:
            if "*" in name or "?" in name:
                self.patterns.append((compile_action(name), key_type))
            else:
                self.exact.setdefault(name.lower(), key_type)

    def type_of(self, key: str) -> str | None:
        """The declared type of ``key``, or ``None`` when it is not known."""
        lowered = key.lower()
        found = self._lookup(lowered)
        if found is None:
            native = alias_of(lowered)
            if native is not None:
                found = self._lookup(native)
        return found

    def _lookup(self, lowered: str) -> str | None:
        if lowered in self.exact:
            return self.exact[lowered]
        for glob, key_type in self.patterns:
            if glob.matches(lowered):
                return str(key_type)
        return None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.type_of(key) is not None


def _number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise ValueError("expected a number, not a boolean")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if _INTEGER.fullmatch(text):
            return int(text)
        if not _DECIMAL.fullmatch(text):
            raise ValueError(f"expected a number, got {value!r}")
        number = float(text)
    else:
        raise ValueError(f"expected a number, got {value!r}")
    if not math.isfinite(number):
        raise ValueError("expected a finite number")
    return number


def _date(value: Any) -> Any:
    parse_date(value)  # raises on anything the Date operators cannot read
    return value.strip() if isinstance(value, str) else value


def _ip(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected an IP address, got {value!r}")
    return str(ipaddress.ip_address(value.strip()))


def _string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise ValueError(f"expected a string, got {value!r}")


_CONVERTERS: Final = {
    "String": _string,
    "Numeric": _number,
    "Bool": parse_bool,
    "Date": _date,
    "IpAddress": _ip,
}


def convert_context_value(key_type: str, value: Any) -> Any:
    """``value`` as a request would carry a key of ``key_type``; ``ValueError`` if it does
    not fit.  ``None`` (absent) stays ``None``; a list (multi-valued key) is converted item
    by item.  Dates stay in the form given (ISO 8601 text or epoch seconds) once they are
    known to parse."""
    if value is None:
        return None
    convert = _CONVERTERS[key_type]
    try:
        if isinstance(value, list):
            return [convert(item) for item in value]
        return convert(value)
    except (ValueError, TypeError, OverflowError, OSError) as exc:
        raise ValueError(f"not a valid {key_type} value: {exc}") from exc
