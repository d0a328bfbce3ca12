"""Compile a parsed node tree into a flat tuple of render closures.

Static SQL text, block wrappers and ``%s`` placeholders are merged at compile
time into a few "segments" (one string + the getters for its parameters), so a
render is mostly a handful of ``list.append`` calls.  Only ``{{#if}}``,
``{{order_by}}`` and partials with parameters stay dynamic.  Partials are
resolved and inlined here, which also makes cycle detection static.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from querylet.errors import FilterTypeError, MissingVariableError, PartialCycleError
from querylet.filters import FILTERS, FilterValueError
from querylet.nodes import (
    BlockNode,
    LiteralParam,
    Loc,
    Node,
    OrderByNode,
    PartialNode,
    TextNode,
    VarNode,
)

__all__ = ["Getter", "Op", "PartialLoader", "compile_nodes", "run_ops"]

Scope = dict[str, Any]
Getter = Callable[[Scope], Any]
Op = Callable[[Scope, list[str], list[Any]], None]

_MISSING: Any = object()


class PartialLoader(Protocol):
    """Resolves a partial name to its parsed nodes (raising TemplateNotFoundError)."""

    def load(self, name: str, loc: Loc) -> tuple[Node, ...]: ...


class _Param:
    """A ``%s`` placeholder in the piece stream, with the getter for its value."""

    __slots__ = ("getter",)

    def __init__(self, getter: Getter) -> None:
        self.getter = getter


class _Dynamic:
    """A piece that must run at render time (if/unless, order_by, scoped partial)."""

    __slots__ = ("op",)

    def __init__(self, op: Op) -> None:
        self.op = op


Piece = str | _Param | _Dynamic


def _missing(node: VarNode, upto: int) -> MissingVariableError:
    name = ".".join(node.path[:upto])
    loc = node.loc
    return MissingVariableError(
        f"missing variable {name!r} (in {{{{{node.dotted}}}}})",
        loc.template,
        loc.line,
        loc.column,
        variable=name,
    )


def _step(value: Any, key: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(key, _MISSING)
    return getattr(value, key, _MISSING)


def make_getter(node: VarNode) -> Getter:
    """Closure returning the (filtered) value of a variable from a scope."""
    first = node.path[0]
    rest = node.path[1:]
    convert = FILTERS[node.filter] if node.filter else None

    def lookup(scope: Scope) -> Any:
        try:
            value = scope[first]
        except KeyError:
            raise _missing(node, 1) from None
        for index, key in enumerate(rest, start=2):
            value = _step(value, key)
            if value is _MISSING:
                raise _missing(node, index) from None
        return value

    if convert is None:
        if rest:
            return lookup

        def simple(scope: Scope) -> Any:
            try:
                return scope[first]
            except KeyError:
                raise _missing(node, 1) from None

        return simple

    def filtered(scope: Scope) -> Any:
        value = lookup(scope)
        try:
            return convert(value)
        except FilterValueError as exc:
            loc = node.loc
            raise FilterTypeError(
                f"{{{{{node.filter} {node.dotted}}}}}: {exc}", loc.template, loc.line, loc.column
            ) from None

    return filtered


def _segment(text: str, getters: list[Getter]) -> Op:
    if not getters:

        def static(scope: Scope, sql: list[str], params: list[Any]) -> None:
            sql.append(text)

        return static
    if len(getters) == 1:
        getter = getters[0]

        def single(scope: Scope, sql: list[str], params: list[Any]) -> None:
            sql.append(text)
            params.append(getter(scope))

        return single
    many = tuple(getters)

    def multi(scope: Scope, sql: list[str], params: list[Any]) -> None:
        sql.append(text)
        params.extend([g(scope) for g in many])

    return multi


def _link(pieces: list[Piece]) -> tuple[Op, ...]:
    """Merge adjacent static text and placeholders into segment ops."""
    ops: list[Op] = []
    text: list[str] = []
    getters: list[Getter] = []
    for piece in pieces:
        if isinstance(piece, str):
            text.append(piece)
        elif isinstance(piece, _Param):
            text.append("%s")
            getters.append(piece.getter)
        else:
            if text:
                ops.append(_segment("".join(text), getters))
                text, getters = [], []
            ops.append(piece.op)
    if text:
        ops.append(_segment("".join(text), getters))
    return tuple(ops)


def run_ops(ops: tuple[Op, ...], scope: Scope, sql: list[str], params: list[Any]) -> None:
    for op in ops:
        op(scope, sql, params)


def _is_trivial_text(node: Node) -> bool:
    """Whitespace or SQL ``--`` comment lines only."""
    if not isinstance(node, TextNode):
        return False
    return all(
        not line.strip() or line.lstrip().startswith("--") for line in node.text.splitlines()
    )


def _wrap(kind: str, depth: int) -> tuple[str, str]:
    # Only the nesting depth (an int we count) is interpolated: no input reaches here.
    alias = f"_q{depth + 1}"
    if kind == "array":
        head = f"(SELECT coalesce(json_agg({alias}), '[]'::json) FROM ("  # noqa: S608
    else:
        head = f"(SELECT row_to_json({alias}) FROM ("  # noqa: S608
    return head, f") {alias})"


class _Compiler:
    def __init__(self, loader: PartialLoader | None) -> None:
        self.loader = loader

    def pieces(
        self, nodes: tuple[Node, ...], depth: int, chain: tuple[str, ...], out: list[Piece]
    ) -> None:
        for node in nodes:
            if isinstance(node, TextNode):
                out.append(node.text.replace("%", "%%"))
            elif isinstance(node, VarNode):
                out.append(_Param(make_getter(node)))
            elif isinstance(node, BlockNode):
                self.block(node, depth, chain, out)
            elif isinstance(node, PartialNode):
                self.partial(node, depth, chain, out)
            else:
                out.append(_Dynamic(self.order_by(node)))

    def block(self, node: BlockNode, depth: int, chain: tuple[str, ...], out: list[Piece]) -> None:
        if node.kind in ("object", "array"):
            head, tail = _wrap(node.kind, depth)
            out.append(head)
            self.pieces(node.body, depth + 1, chain, out)
            out.append(tail)
            return
        assert node.test is not None
        then: list[Piece] = []
        orelse: list[Piece] = []
        self.pieces(node.body, depth, chain, then)
        self.pieces(node.orelse, depth, chain, orelse)
        test = make_getter(VarNode(node.test, None, node.loc))
        when_true, when_false = _link(then), _link(orelse)
        if node.kind == "unless":
            when_true, when_false = when_false, when_true

        def conditional(scope: Scope, sql: list[str], params: list[Any]) -> None:
            for op in when_true if test(scope) else when_false:
                op(scope, sql, params)

        out.append(_Dynamic(conditional))

    def partial(
        self, node: PartialNode, depth: int, chain: tuple[str, ...], out: list[Piece]
    ) -> None:
        loc = node.loc
        if node.name in chain:
            cycle = " -> ".join((*chain[chain.index(node.name) :], node.name))
            raise PartialCycleError(f"partial cycle: {cycle}", loc.template, loc.line, loc.column)
        if self.loader is None:
            from querylet.errors import TemplateNotFoundError

            raise TemplateNotFoundError(
                f"cannot include {node.name!r}: no Library given",
                loc.template,
                loc.line,
                loc.column,
            )
        nodes = self.loader.load(node.name, loc)
        wrapped = node.kind != "include"
        inner_depth = depth + 1 if wrapped else depth
        body: list[Piece] = []
        self.pieces(nodes, inner_depth, (*chain, node.name), body)
        if wrapped:
            head, tail = _wrap(node.kind, depth)
            body = [head, *body, tail]
        if not node.params:
            out.extend(body)
            return
        constants = {k: v.value for k, v in node.params if isinstance(v, LiteralParam)}
        variables = tuple((k, make_getter(v)) for k, v in node.params if isinstance(v, VarNode))
        ops = _link(body)

        def scoped(scope: Scope, sql: list[str], params: list[Any]) -> None:
            inner = {**scope, **constants}
            for key, getter in variables:
                inner[key] = getter(scope)
            for op in ops:
                op(inner, sql, params)

        out.append(_Dynamic(scoped))

    def order_by(self, node: OrderByNode) -> Op:
        value = make_getter(VarNode(node.path, None, node.loc))
        clause = node.spec.clause

        def ordering(scope: Scope, sql: list[str], params: list[Any]) -> None:
            sql.append(clause(value(scope)))

        return ordering


def compile_nodes(
    nodes: tuple[Node, ...], name: str, loader: PartialLoader | None
) -> tuple[Op, ...]:
    """Compile a root template.

    When the body (ignoring whitespace and ``--`` comment lines) is a single
    object/array block or partial, emit ``SELECT <expr> AS json`` so the
    statement returns exactly one row and column.
    """
    compiler = _Compiler(loader)
    pieces: list[Piece] = []
    significant = [n for n in nodes if not _is_trivial_text(n)]
    if len(significant) == 1:
        only = significant[0]
        if (isinstance(only, BlockNode) and only.kind in ("object", "array")) or (
            isinstance(only, PartialNode) and only.kind != "include"
        ):
            pieces.append("SELECT ")
            compiler.pieces((only,), 0, (name,), pieces)
            pieces.append(" AS json")
            return _link(pieces)
    compiler.pieces(nodes, 0, (name,), pieces)
    return _link(pieces)
