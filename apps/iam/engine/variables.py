"""Policy-variable templates: ``${key}``, ``${key, 'default'}`` and the ``${*}``/``${?}``/``${$}``
escapes.

Strings that may carry variables (Resource/NotResource entries and condition values) are
parsed once, at compile time, into a tuple of segments.  Evaluation then only has to look
values up, never re-scan text.  Wildcards are kept as their own segments so that an escaped
``${*}`` (a literal asterisk) and a substituted value containing ``*`` both stay literal:
a user named ``*`` must never turn ``home/${aws:username}/`` into a wildcard.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from .types import MISSING

# Segment kinds.  A segment is a tuple; the first item names the kind.
LIT: Final = "lit"  # ("lit", text)           literal text
STAR: Final = "star"  # ("star",)              `*` wildcard
QMARK: Final = "qmark"  # ("qmark",)           `?` wildcard
VAR: Final = "var"  # ("var", key_lower, default_or_None)

Segment = tuple[Any, ...]
Template = tuple[Segment, ...]

_ESCAPES: Final = {"*": "*", "?": "?", "$": "$"}


class TemplateSyntaxError(ValueError):
    """A ``${`` that is not a well-formed variable reference."""


def _append_lit(out: list[Segment], text: str) -> None:
    if not text:
        return
    if out and out[-1][0] == LIT:
        out[-1] = (LIT, out[-1][1] + text)
    else:
        out.append((LIT, text))


def _append_plain(out: list[Segment], text: str, wildcards: bool) -> None:
    if not wildcards:
        _append_lit(out, text)
        return
    buf: list[str] = []
    for ch in text:
        if ch == "*" or ch == "?":
            _append_lit(out, "".join(buf))
            buf.clear()
            out.append((STAR,) if ch == "*" else (QMARK,))
        else:
            buf.append(ch)
    _append_lit(out, "".join(buf))


def _parse_reference(text: str, start: int) -> tuple[Segment, int]:
    """Parse the body of ``${...}`` starting just after ``${``; return (segment, next index)."""
    end = len(text)
    i = start
    name_chars: list[str] = []
    while i < end and text[i] not in ",}":
        if text[i] == "'":
            raise TemplateSyntaxError("unexpected quote in variable name")
        name_chars.append(text[i])
        i += 1
    if i >= end:
        raise TemplateSyntaxError("unterminated variable reference '${'")
    name = "".join(name_chars).strip()
    if not name:
        raise TemplateSyntaxError("empty variable name")
    default: str | None = None
    if text[i] == ",":
        i += 1
        while i < end and text[i] == " ":
            i += 1
        if i >= end or text[i] != "'":
            raise TemplateSyntaxError("variable default must be a single-quoted string")
        i += 1
        chars: list[str] = []
        while True:
            if i >= end:
                raise TemplateSyntaxError("unterminated default value")
            if text[i] == "'":
                if i + 1 < end and text[i + 1] == "'":
                    chars.append("'")
                    i += 2
                    continue
                i += 1
                break
            chars.append(text[i])
            i += 1
        default = "".join(chars)
        while i < end and text[i] == " ":
            i += 1
        if i >= end or text[i] != "}":
            raise TemplateSyntaxError("expected '}' after variable default")
    # text[i] == "}"
    i += 1
    if default is None and name in _ESCAPES:
        return (LIT, _ESCAPES[name]), i
    if name in _ESCAPES:
        raise TemplateSyntaxError(f"escape '${{{name}}}' cannot take a default")
    return (VAR, name.lower(), default), i


def parse_template(text: str, *, wildcards: bool = True, variables: bool = True) -> Template:
    """Split ``text`` into segments.

    ``wildcards`` controls whether bare ``*``/``?`` are wildcards (Resource, *Like operators)
    or plain characters (StringEquals etc. - where they are later re-joined verbatim).
    ``variables=False`` is the policy language ``2008-10-17`` (and a document without
    ``Version``): ``${...}`` is plain text there, so nothing is substituted and nothing is
    malformed.  Raises ``TemplateSyntaxError`` on malformed references.
    """
    out: list[Segment] = []
    if not variables:
        _append_plain(out, text, wildcards)
        return tuple(out)
    i = 0
    end = len(text)
    while i < end:
        j = text.find("${", i)
        if j < 0:
            _append_plain(out, text[i:], wildcards)
            break
        _append_plain(out, text[i:j], wildcards)
        seg, i = _parse_reference(text, j + 2)
        if seg[0] == LIT:
            _append_lit(out, seg[1])
        else:
            out.append(seg)
    return tuple(out)


def has_variables(template: Template) -> bool:
    return any(seg[0] == VAR for seg in template)


def format_value(value: Any) -> str | None:
    """Render a single context value as text for substitution / string comparison.

    Returns ``None`` for values with no sensible single-string form (lists, bytes, None),
    which callers treat as "unresolvable".
    """
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return None


def resolve(template: Template, lookup: Mapping[str, Any]) -> Template | None:
    """Substitute variables; ``None`` means some variable had no value and no default.

    ``lookup`` must be keyed by lower-cased context key.  Multi-valued (list) context
    values are not usable as variables (as in AWS) and therefore fall back to the default.
    Substituted text becomes a literal segment, so it can never introduce wildcards.
    """
    out: list[Segment] = []
    for seg in template:
        if seg[0] != VAR:
            out.append(seg)
            continue
        raw = lookup.get(seg[1], MISSING)
        text = None if raw is MISSING else format_value(raw)
        if text is None:
            text = seg[2]
            if text is None:
                return None
        _append_lit(out, text)
    return tuple(out)


def render(template: Template) -> str:
    """Join a variable-free template back into plain text (wildcards become literal chars)."""
    parts: list[str] = []
    for seg in template:
        kind = seg[0]
        if kind == LIT:
            parts.append(seg[1])
        elif kind == STAR:
            parts.append("*")
        elif kind == QMARK:
            parts.append("?")
        else:  # pragma: no cover - callers resolve first
            raise ValueError("template still contains variables")
    return "".join(parts)
