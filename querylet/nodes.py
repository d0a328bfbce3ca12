"""Parsed template tree.

The parser produces these immutable nodes once per file; the compiler turns
them into render closures.  Nodes keep their source location so render-time
errors (missing variables, bad filter input) can point at the exact tag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from querylet.ordering import OrderSpec

__all__ = [
    "BlockKind",
    "BlockNode",
    "LiteralParam",
    "Loc",
    "Node",
    "OrderByNode",
    "PartialKind",
    "PartialNode",
    "TextNode",
    "VarNode",
]

BlockKind = Literal["object", "array", "if", "unless"]
PartialKind = Literal["include", "object", "array"]


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a tag starts (1-based line and column)."""

    template: str
    line: int
    column: int


@dataclass(frozen=True, slots=True)
class TextNode:
    """Plain SQL text, still unescaped (``%`` is doubled by the compiler)."""

    text: str


@dataclass(frozen=True, slots=True)
class VarNode:
    """``{{path}}`` or ``{{filter path}}``: always becomes one bind parameter."""

    path: tuple[str, ...]
    filter: str | None
    loc: Loc

    @property
    def dotted(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True, slots=True)
class BlockNode:
    """``{{#kind [test]}} body [{{else}} orelse] {{/kind}}``."""

    kind: BlockKind
    test: tuple[str, ...] | None
    body: tuple[Node, ...]
    orelse: tuple[Node, ...]
    loc: Loc


@dataclass(frozen=True, slots=True)
class LiteralParam:
    """A literal partial parameter (number, quoted string, true/false/null)."""

    value: Any


@dataclass(frozen=True, slots=True)
class PartialNode:
    """``{{> kind 'dotted.name' key=value ...}}``."""

    kind: PartialKind
    name: str
    params: tuple[tuple[str, LiteralParam | VarNode], ...]
    loc: Loc


@dataclass(frozen=True, slots=True)
class OrderByNode:
    """``{{order_by var allow='...' default='...'}}``."""

    path: tuple[str, ...]
    spec: OrderSpec
    loc: Loc


Node = TextNode | VarNode | BlockNode | PartialNode | OrderByNode
