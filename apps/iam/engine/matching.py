"""Wildcard matching with compile-time fast paths.

Most real patterns are ``*``, an exact string, or ``prefix*``; those are answered with a
string comparison / ``startswith`` instead of a regex.  Everything else becomes one
precompiled ``re.fullmatch`` pattern.  Compiled globs are memoised because policies in a
tenant repeat the same patterns over and over.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from .variables import LIT, QMARK, STAR, Template

ANY: Final = 0
EXACT: Final = 1
PREFIX: Final = 2
REGEX: Final = 3


class Glob:
    """A compiled, variable-free wildcard pattern.

    ``ignore_case`` patterns are stored case-folded; callers must pass values already
    lower-cased (done once per request for the action) to keep the hot path branch-free.
    """

    __slots__ = ("kind", "regex", "source", "text")

    def __init__(self, template: Template, ignore_case: bool, source: str) -> None:
        self.source = source
        stars = sum(1 for s in template if s[0] == STAR)
        qmarks = sum(1 for s in template if s[0] == QMARK)
        self.regex: re.Pattern[str] | None = None
        self.text = ""
        if stars == 1 and qmarks == 0 and len(template) == 1:
            self.kind = ANY
        elif stars == 0 and qmarks == 0:
            self.kind = EXACT
            self.text = "".join(s[1] for s in template)
        elif stars == 1 and qmarks == 0 and template[-1][0] == STAR and len(template) == 2:
            self.kind = PREFIX
            self.text = template[0][1]
        else:
            self.kind = REGEX
            parts: list[str] = []
            for seg in template:
                if seg[0] == LIT:
                    parts.append(re.escape(seg[1]))
                elif seg[0] == STAR:
                    parts.append(".*")
                else:
                    parts.append(".")
            self.regex = re.compile("".join(parts), re.DOTALL)
        if ignore_case:
            self.text = self.text.lower()
            if self.regex is not None:
                self.regex = re.compile(self.regex.pattern, re.DOTALL | re.IGNORECASE)

    def matches(self, value: str) -> bool:
        kind = self.kind
        if kind == ANY:
            return True
        if kind == EXACT:
            return value == self.text
        if kind == PREFIX:
            return value.startswith(self.text)
        assert self.regex is not None
        return self.regex.fullmatch(value) is not None

    def __repr__(self) -> str:
        return f"Glob({self.source!r})"


@lru_cache(maxsize=4096)
def glob_from_template(template: Template, ignore_case: bool = False) -> Glob:
    """Compile (and memoise) a variable-free template."""
    source = "".join(s[1] if s[0] == LIT else ("*" if s[0] == STAR else "?") for s in template)
    return Glob(template, ignore_case, source)


@lru_cache(maxsize=4096)
def compile_action(pattern: str) -> Glob:
    """Actions: case-insensitive, ``*``/``?`` wildcards, no policy variables."""
    template: list[tuple[str, ...]] = []
    buf: list[str] = []
    for ch in pattern:
        if ch in "*?":
            if buf:
                template.append((LIT, "".join(buf)))
                buf.clear()
            template.append((STAR,) if ch == "*" else (QMARK,))
        else:
            buf.append(ch)
    if buf:
        template.append((LIT, "".join(buf)))
    return Glob(tuple(template), True, pattern)


ARN_COMPONENTS: Final = 6
TRN_COMPONENTS: Final = 5
TRN_SCHEME: Final = "trn:"


def arn_components(value: str) -> int:
    """How many ``:``-separated components a name of this scheme has.

    AWS ARNs have six (``arn:partition:service:region:account:resource``); TeacherSeat's own
    resource names have five (``trn:teacherseat:<tenant>:<system>:<type>/<id>``), so a name
    starting with ``trn:`` is read with five.  In both the last component (the resource)
    keeps any further colons as plain text.
    """
    return TRN_COMPONENTS if value.startswith(TRN_SCHEME) else ARN_COMPONENTS


class ArnPattern:
    """An ``Arn*`` condition value, split into per-component globs.

    Kept split both ways (six components, and five for ``trn:`` values) because which one
    applies depends on the context value; ``None`` means the pattern has too few
    components for that reading and so matches nothing.
    """

    __slots__ = ("five", "six", "source")

    def __init__(self, template: Template) -> None:
        self.source = glob_from_template(template).source
        six = split_arn_template(template, ARN_COMPONENTS)
        five = split_arn_template(template, TRN_COMPONENTS)
        self.six = None if six is None else tuple(glob_from_template(t) for t in six)
        self.five = None if five is None else tuple(glob_from_template(t) for t in five)

    def __repr__(self) -> str:
        return f"ArnPattern({self.source!r})"


def arn_like(pattern: ArnPattern, value: str) -> bool:
    """AWS ``ArnLike``/``ArnEquals``: each component is matched on its own.

    The value is split into its components (six, or five for ``trn:`` names; the last keeps
    any further colons); a value with fewer components is not an ARN and matches nothing.
    The pattern is split the same way and must have every component, even if only ``*``.
    ``*``/``?`` therefore never span a colon, except inside the resource component.
    Matching is case-sensitive.
    """
    count = arn_components(value)
    globs = pattern.five if count == TRN_COMPONENTS else pattern.six
    if globs is None:
        return False
    parts = value.split(":", count - 1)
    if len(parts) != count:
        return False
    return all(glob.matches(part) for glob, part in zip(globs, parts, strict=True))


def _append_text(segment: list[tuple[str, ...]], text: str) -> None:
    if not text:
        return
    if segment and segment[-1][0] == LIT:
        segment[-1] = (LIT, segment[-1][1] + text)
    else:
        segment.append((LIT, text))


def split_arn_template(
    template: Template, components: int = ARN_COMPONENTS
) -> tuple[Template, ...] | None:
    """Split a (resolved) template on ``:`` into ``components`` per-component templates.

    Colons after the last separator belong to the final (resource) component.  ``None``
    when the template has fewer components.
    """
    segments: list[list[tuple[str, ...]]] = [[]]
    for seg in template:
        if seg[0] != LIT:
            segments[-1].append(seg)
            continue
        for k, piece in enumerate(seg[1].split(":")):
            if k > 0:
                if len(segments) >= components:
                    _append_text(segments[-1], ":")
                else:
                    segments.append([])
            _append_text(segments[-1], piece)
    if len(segments) < components:
        return None
    return tuple(tuple(s) for s in segments)
