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


def arn_like(pattern_parts: tuple[Glob, ...], value: str) -> bool:
    """Segment-wise ARN match: each ``:``-separated segment is matched on its own.

    The value is split into as many parts as the pattern has (the last part keeps any
    further colons, as ARN resource parts may contain them), so ``*`` in a non-final
    segment never spans a colon - this is how AWS's Arn* operators behave.
    """
    n = len(pattern_parts)
    if n == 1:
        return pattern_parts[0].matches(value)
    parts = value.split(":", n - 1)
    if len(parts) != n:
        return False
    return all(glob.matches(part) for glob, part in zip(pattern_parts, parts, strict=True))


def split_arn_template(template: Template) -> tuple[Template, ...]:
    """Split a (resolved) template on ``:`` into at most six per-segment templates."""
    segments: list[list[tuple[str, ...]]] = [[]]
    for seg in template:
        if seg[0] != LIT or ":" not in seg[1] or len(segments) >= 6:
            segments[-1].append(seg)
            continue
        pieces = seg[1].split(":")
        for k, piece in enumerate(pieces):
            if k > 0:
                if len(segments) >= 6:
                    # Beyond the sixth segment colons are literal resource text.
                    segments[-1].append((LIT, ":"))
                else:
                    segments.append([])
            if piece:
                segments[-1].append((LIT, piece))
    return tuple(tuple(s) for s in segments)
