"""Split template source into plain SQL text and ``{{ ... }}`` tags.

The lexer only finds tag boundaries; the parser interprets tag contents.  Tag
scanning respects single-quoted strings and nested ``{{ }}`` (partial
parameters such as ``q={{search}}``) so that those never end a tag early.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from querylet.errors import TemplateSyntaxError

__all__ = ["Source", "Tag", "Text", "Token", "tokenize"]


class Source:
    """Template text plus a name, able to map offsets to 1-based line/column."""

    __slots__ = ("_line_starts", "name", "text")

    def __init__(self, text: str, name: str) -> None:
        self.text = text
        self.name = name
        starts = [0]
        index = text.find("\n")
        while index != -1:
            starts.append(index + 1)
            index = text.find("\n", index + 1)
        self._line_starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """Return ``(line, column)`` (both 1-based) for a character offset."""
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def syntax_error(
        self, message: str, offset: int, cls: type[TemplateSyntaxError] = TemplateSyntaxError
    ) -> TemplateSyntaxError:
        line, column = self.position(offset)
        return cls(message, self.name, line, column)


@dataclass(frozen=True, slots=True)
class Text:
    """Verbatim SQL text between tags."""

    text: str
    offset: int


@dataclass(frozen=True, slots=True)
class Tag:
    """Inner text of one ``{{ ... }}`` tag; ``offset`` points at the ``{{``."""

    content: str
    offset: int


Token = Text | Tag


def find_tag_end(source: Source, start: int) -> int:
    """Given the offset of ``{{``, return the offset just past its matching ``}}``."""
    text = source.text
    length = len(text)
    i = start + 2
    depth = 1
    in_quote = False
    while i < length:
        ch = text[i]
        if in_quote:
            if ch == "'":
                in_quote = False
            i += 1
        elif ch == "'":
            in_quote = True
            i += 1
        elif text.startswith("{{", i):
            depth += 1
            i += 2
        elif text.startswith("}}", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    raise source.syntax_error("unclosed tag: '{{' without matching '}}'", start)


def tokenize(source: Source) -> list[Token]:
    """Return the token stream; template comments are dropped here."""
    text = source.text
    tokens: list[Token] = []
    pos = 0
    pending = ""
    pending_offset = 0
    while True:
        start = text.find("{{", pos)
        if start == -1:
            break
        if start > pos:
            if not pending:
                pending_offset = pos
            pending += text[pos:start]
        if text.startswith("{{!--", start):
            close = text.find("--}}", start + 5)
            if close == -1:
                raise source.syntax_error("unclosed comment: '{{!--' without '--}}'", start)
            pos = close + 4
            continue
        if text.startswith("{{!", start):
            close = text.find("}}", start + 3)
            if close == -1:
                raise source.syntax_error("unclosed comment: '{{!' without '}}'", start)
            pos = close + 2
            continue
        end = find_tag_end(source, start)
        if pending:
            tokens.append(Text(pending, pending_offset))
            pending = ""
        tokens.append(Tag(text[start + 2 : end - 2], start))
        pos = end
    if pos < len(text):
        if not pending:
            pending_offset = pos
        pending += text[pos:]
    if pending:
        tokens.append(Text(pending, pending_offset))
    return tokens
