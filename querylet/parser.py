"""Parse template source into a tree of :mod:`querylet.nodes`.

All syntax checking (block balance, filter names, partial kinds, order_by
allow-lists) happens here, once per file, so rendering never has to re-check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from querylet.errors import TemplateSyntaxError, UnknownFilterError
from querylet.filters import FILTERS
from querylet.lexer import Source, Tag, tokenize
from querylet.nodes import (
    BlockKind,
    BlockNode,
    LiteralParam,
    Loc,
    Node,
    OrderByNode,
    PartialKind,
    PartialNode,
    TextNode,
    VarNode,
)
from querylet.ordering import OrderSpec

__all__ = ["parse"]

_IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
_PATH_RE = re.compile(rf"{_IDENT}(?:\.{_IDENT})*")
_IDENT_RE = re.compile(_IDENT)
_KEY_RE = re.compile(rf"({_IDENT})\s*=\s*")
_BARE_RE = re.compile(r"[^\s'{}=]+")
_INT_RE = re.compile(r"-?[0-9]+")
_FLOAT_RE = re.compile(r"-?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|-?[0-9]+[eE][-+]?[0-9]+")
_PARTIAL_NAME_RE = re.compile(rf"{_IDENT}(?:\.{_IDENT})+")
_BLOCKS: frozenset[str] = frozenset({"object", "array", "if", "unless"})
_PARTIAL_KINDS: frozenset[str] = frozenset({"include", "object", "array"})
_KEYWORDS: frozenset[str] = frozenset({"else", "order_by"})
_WORD_LITERALS: dict[str, Any] = {"true": True, "false": False, "null": None}


def _match_braces(text: str, start: int) -> int:
    """Offset just past the ``}}`` matching the ``{{`` at ``start``, or -1."""
    depth = 0
    i = start
    while i < len(text):
        if text.startswith("{{", i):
            depth += 1
            i += 2
        elif text.startswith("}}", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    return -1


@dataclass(slots=True)
class _Arg:
    """One argument of a partial/order_by tag: ``kind`` is str, ref or word."""

    key: str | None
    kind: str
    value: str


@dataclass(slots=True)
class _Frame:
    kind: BlockKind | None
    test: tuple[str, ...] | None
    loc: Loc | None
    body: list[Node] = field(default_factory=list)
    orelse: list[Node] | None = None

    @property
    def target(self) -> list[Node]:
        return self.orelse if self.orelse is not None else self.body


class _Parser:
    def __init__(self, source: Source) -> None:
        self.source = source

    def loc(self, offset: int) -> Loc:
        line, column = self.source.position(offset)
        return Loc(self.source.name, line, column)

    def error(
        self, message: str, offset: int, cls: type[TemplateSyntaxError] = TemplateSyntaxError
    ) -> TemplateSyntaxError:
        return self.source.syntax_error(message, offset, cls)

    def parse(self) -> tuple[Node, ...]:
        stack = [_Frame(None, None, None)]
        for token in tokenize(self.source):
            if not isinstance(token, Tag):
                stack[-1].target.append(TextNode(token.text))
                continue
            self.tag(token, stack)
        if len(stack) > 1:
            frame = stack[-1]
            assert frame.loc is not None
            err = TemplateSyntaxError(
                f"unclosed block '{{{{#{frame.kind}}}}}'",
                frame.loc.template,
                frame.loc.line,
                frame.loc.column,
            )
            raise err
        return tuple(stack[0].body)

    def tag(self, tag: Tag, stack: list[_Frame]) -> None:
        content = tag.content.strip()
        offset = tag.offset
        if not content:
            raise self.error("empty tag '{{}}'", offset)
        head = content[0]
        if head == "#":
            words = content[1:].split(None, 1)
            kind = words[0] if words else ""
            rest = words[1].strip() if len(words) > 1 else ""
            if kind not in _BLOCKS:
                raise self.error(f"unknown block '{{{{#{kind}}}}}'", offset)
            test: tuple[str, ...] | None = None
            if kind in ("if", "unless"):
                test = self.path(rest, offset, f"'{{{{#{kind}}}}}' needs a variable")
            elif rest:
                raise self.error(f"'{{{{#{kind}}}}}' takes no arguments", offset)
            stack.append(_Frame(cast(BlockKind, kind), test, self.loc(offset)))
        elif head == "/":
            name = content[1:].strip()
            frame = stack[-1]
            if frame.kind is None:
                raise self.error(f"closing tag '{{{{/{name}}}}}' without an opening block", offset)
            if name != frame.kind:
                raise self.error(
                    f"closing tag '{{{{/{name}}}}}' does not match '{{{{#{frame.kind}}}}}'",
                    offset,
                )
            stack.pop()
            assert frame.loc is not None
            stack[-1].target.append(
                BlockNode(
                    frame.kind,
                    frame.test,
                    tuple(frame.body),
                    tuple(frame.orelse or ()),
                    frame.loc,
                )
            )
        elif content == "else":
            frame = stack[-1]
            if frame.kind not in ("if", "unless"):
                raise self.error("'{{else}}' outside '{{#if}}'/'{{#unless}}'", offset)
            if frame.orelse is not None:
                raise self.error("second '{{else}}' in the same block", offset)
            frame.orelse = []
        elif head == ">":
            stack[-1].target.append(self.partial(content[1:], offset))
        elif content.split(None, 1)[0] == "order_by":
            stack[-1].target.append(self.order_by(content[len("order_by") :], offset))
        else:
            stack[-1].target.append(self.variable(content, offset))

    def path(self, text: str, offset: int, message: str) -> tuple[str, ...]:
        if not text:
            raise self.error(message, offset)
        if not _PATH_RE.fullmatch(text) or text in _KEYWORDS:
            raise self.error(f"invalid variable name {text!r}", offset)
        return tuple(text.split("."))

    def variable(self, content: str, offset: int) -> VarNode:
        words = content.split()
        if len(words) == 1:
            return VarNode(self.path(words[0], offset, "empty tag"), None, self.loc(offset))
        if len(words) == 2:
            name, target = words
            if name not in FILTERS:
                if not _IDENT_RE.fullmatch(name):
                    raise self.error(f"bad tag syntax {content!r}", offset)
                known = ", ".join(sorted(FILTERS))
                raise self.error(
                    f"unknown filter {name!r} (known: {known})", offset, UnknownFilterError
                )
            return VarNode(self.path(target, offset, "missing variable"), name, self.loc(offset))
        raise self.error(f"bad tag syntax {content!r}", offset)

    def args(self, text: str, offset: int) -> list[_Arg]:
        """Tokenise ``'str' key=value {{ref}} word`` argument lists."""
        result: list[_Arg] = []
        i = 0
        n = len(text)
        while i < n:
            if text[i].isspace():
                i += 1
                continue
            key: str | None = None
            match = _KEY_RE.match(text, i)
            if match:
                key = match.group(1)
                i = match.end()
                if i >= n:
                    raise self.error(f"missing value for parameter {key!r}", offset)
            if text[i] == "'":
                chunks: list[str] = []
                j = i + 1
                while True:
                    close = text.find("'", j)
                    if close == -1:
                        raise self.error("unterminated string literal", offset)
                    chunks.append(text[j:close])
                    if text.startswith("''", close):
                        chunks.append("'")
                        j = close + 2
                        continue
                    break
                result.append(_Arg(key, "str", "".join(chunks)))
                i = close + 1
            elif text.startswith("{{", i):
                end = _match_braces(text, i)
                if end == -1:
                    raise self.error("unclosed '{{' in parameter", offset)
                result.append(_Arg(key, "ref", text[i + 2 : end - 2].strip()))
                i = end
            else:
                bare = _BARE_RE.match(text, i)
                if not bare:
                    raise self.error(f"bad tag syntax near {text[i : i + 20]!r}", offset)
                result.append(_Arg(key, "word", bare.group(0)))
                i = bare.end()
        return result

    def literal(self, arg: _Arg, offset: int) -> LiteralParam:
        if arg.kind == "str":
            return LiteralParam(arg.value)
        word = arg.value
        if word in _WORD_LITERALS:
            return LiteralParam(_WORD_LITERALS[word])
        if _INT_RE.fullmatch(word):
            return LiteralParam(int(word))
        if _FLOAT_RE.fullmatch(word):
            return LiteralParam(float(word))
        raise self.error(
            f"bad value {word!r} for parameter {arg.key!r} "
            "(use a number, 'string', true/false/null or {{variable}})",
            offset,
        )

    def partial(self, text: str, offset: int) -> PartialNode:
        args = self.args(text, offset)
        if len(args) < 2 or args[0].kind != "word" or args[0].key is not None:
            raise self.error("partial syntax is {{> include|object|array 'name' k=v}}", offset)
        kind = args[0].value
        if kind not in _PARTIAL_KINDS:
            raise self.error(
                f"unknown partial kind {kind!r} (use include, object or array)", offset
            )
        name_arg = args[1]
        if name_arg.kind != "str" or name_arg.key is not None:
            raise self.error("partial name must be a quoted string", offset)
        if not _PARTIAL_NAME_RE.fullmatch(name_arg.value):
            raise self.error(f"invalid partial name {name_arg.value!r}", offset)
        params: dict[str, LiteralParam | VarNode] = {}
        for arg in args[2:]:
            if arg.key is None:
                raise self.error("partial parameters must be key=value", offset)
            if arg.key in params:
                raise self.error(f"parameter {arg.key!r} given twice", offset)
            if arg.kind == "ref":
                if not arg.value:
                    raise self.error("empty '{{}}' in parameter", offset)
                params[arg.key] = self.variable(arg.value, offset)
            else:
                params[arg.key] = self.literal(arg, offset)
        return PartialNode(
            cast(PartialKind, kind), name_arg.value, tuple(params.items()), self.loc(offset)
        )

    def order_by(self, text: str, offset: int) -> OrderByNode:
        args = self.args(text, offset)
        usage = "order_by syntax is {{order_by var allow='a, b=expr' default='-a'}}"
        if not args or args[0].key is not None or args[0].kind != "word":
            raise self.error(usage, offset)
        path = self.path(args[0].value, offset, usage)
        options: dict[str, str] = {}
        for arg in args[1:]:
            if arg.key not in ("allow", "default") or arg.kind != "str":
                raise self.error(usage, offset)
            if arg.key in options:
                raise self.error(f"option {arg.key!r} given twice", offset)
            options[arg.key] = arg.value
        if "allow" not in options:
            raise self.error("order_by needs allow='...'", offset)
        loc = self.loc(offset)
        try:
            spec = OrderSpec(
                options["allow"], options.get("default"), loc.template, loc.line, loc.column
            )
        except ValueError as exc:
            raise self.error(f"order_by: {exc}", offset) from None
        return OrderByNode(path, spec, loc)


def parse(text: str, name: str) -> tuple[Node, ...]:
    """Parse template ``text``; ``name`` (usually the file path) labels errors."""
    return _Parser(Source(text, name)).parse()
