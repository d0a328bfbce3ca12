"""Template loading, caching and reloading.

A :class:`Library` maps dotted names to files under named roots, parses each
file once, compiles each root template once (with its partials inlined) and
keeps the compiled :class:`Template`.  With ``auto_reload`` (DEBUG) every use
re-checks the mtimes of the template *and all partials it inlined*.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from querylet.compiler import Op, compile_nodes
from querylet.errors import TemplateNotFoundError, UnknownPartialError
from querylet.nodes import Loc, Node
from querylet.parser import parse
from querylet.rendered import Rendered

__all__ = ["Library", "Template", "render_string"]

_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+")


class Template:
    """A compiled template: call :meth:`render` with a data mapping."""

    __slots__ = ("_ops", "dependencies", "name", "path")

    def __init__(
        self,
        name: str,
        path: Path | None,
        ops: tuple[Op, ...],
        dependencies: Mapping[Path, int] | None = None,
    ) -> None:
        self.name = name
        self.path = path
        self._ops = ops
        #: every file that went into this template (itself + partials) -> mtime_ns
        self.dependencies: dict[Path, int] = dict(dependencies or {})

    def render(self, data: Mapping[str, Any] | None = None) -> Rendered:
        """Produce the statement; raises a QueryletError subclass on bad data."""
        # dicts are used as-is (never mutated); other mappings are copied once.
        scope = data if type(data) is dict else dict(data) if data is not None else {}
        sql: list[str] = []
        params: list[Any] = []
        for op in self._ops:
            op(scope, sql, params)
        return Rendered("".join(sql), tuple(params))

    def is_fresh(self) -> bool:
        """True while no file this template was built from has changed."""
        for path, mtime in self.dependencies.items():
            try:
                if os.stat(path).st_mtime_ns != mtime:
                    return False
            except OSError:
                return False
        return True

    def __repr__(self) -> str:
        return f"<querylet.Template {self.name!r}>"


def _not_found(
    cls: type[TemplateNotFoundError], message: str, name: str, loc: Loc | None
) -> TemplateNotFoundError:
    if loc is None:
        return cls(message, name)
    return cls(message, loc.template, loc.line, loc.column)


class _Loader:
    """Partial loader for one compilation; records the files it touched."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self.dependencies: dict[Path, int] = {}

    def load(self, name: str, loc: Loc | None) -> tuple[Node, ...]:
        path = self.library.resolve(name, loc)
        mtime, nodes = self.library._parsed_file(path, name, loc)
        self.dependencies[path] = mtime
        return nodes


class Library:
    """Named template roots, e.g. ``{"content": Path("apps/content/queries")}``.

    ``"content.courses.outline"`` resolves to ``roots["content"]/courses/outline.sql``.
    """

    def __init__(
        self, roots: Mapping[str, str | os.PathLike[str]], *, auto_reload: bool = False
    ) -> None:
        self.roots: dict[str, Path] = {key: Path(value) for key, value in roots.items()}
        self.auto_reload = auto_reload
        self._templates: dict[str, Template] = {}
        self._files: dict[Path, tuple[int, tuple[Node, ...]]] = {}

    def resolve(self, name: str, loc: Loc | None = None) -> Path:
        """Map a dotted name to its file path (the file need not exist)."""
        if not _NAME_RE.fullmatch(name):
            raise _not_found(TemplateNotFoundError, f"invalid template name {name!r}", name, loc)
        root, *middle, last = name.split(".")
        base = self.roots.get(root)
        if base is None:
            known = ", ".join(sorted(self.roots)) or "none"
            raise _not_found(
                UnknownPartialError,
                f"unknown template root {root!r} in {name!r} (known: {known})",
                name,
                loc,
            )
        return base.joinpath(*middle, f"{last}.sql")

    def _parsed_file(self, path: Path, name: str, loc: Loc | None) -> tuple[int, tuple[Node, ...]]:
        try:
            mtime = os.stat(path).st_mtime_ns
        except OSError:
            raise _not_found(
                TemplateNotFoundError, f"template {name!r} not found ({path})", name, loc
            ) from None
        cached = self._files.get(path)
        if cached is not None and cached[0] == mtime:
            return cached
        text = path.read_text(encoding="utf-8")
        entry = (mtime, parse(text, str(path)))
        self._files[path] = entry
        return entry

    def template(self, name: str) -> Template:
        """Return the compiled template, cached (re-built if stale and auto_reload)."""
        template = self._templates.get(name)
        if template is not None and (not self.auto_reload or template.is_fresh()):
            return template
        loader = _Loader(self)
        nodes = loader.load(name, None)
        path = self.resolve(name)
        ops = compile_nodes(nodes, name, loader)
        template = Template(name, path, ops, loader.dependencies)
        self._templates[name] = template
        return template

    def render(self, name: str, data: Mapping[str, Any] | None = None) -> Rendered:
        """Compile (cached) and render ``name`` with ``data``."""
        return self.template(name).render(data)

    def clear(self) -> None:
        """Drop all cached templates and parsed files."""
        self._templates.clear()
        self._files.clear()


def render_string(
    source: str,
    data: Mapping[str, Any] | None = None,
    *,
    library: Library | None = None,
    name: str = "<string>",
) -> Rendered:
    """Parse, compile and render template text (no caching); meant for tests."""
    loader = _Loader(library) if library is not None else None
    ops = compile_nodes(parse(source, name), name, loader)
    return Template(name, None, ops).render(data)
