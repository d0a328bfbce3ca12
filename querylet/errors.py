"""Error hierarchy for querylet.

Every failure carries the template (file path or name) plus a 1-based line and
column so a broken query file can be fixed without guessing.  Nothing in
querylet ever degrades to rendering an empty string: it raises one of these.
"""

from __future__ import annotations

__all__ = [
    "FilterTypeError",
    "MissingVariableError",
    "OrderingError",
    "PartialCycleError",
    "QueryletError",
    "TemplateNotFoundError",
    "TemplateSyntaxError",
    "UnknownFilterError",
    "UnknownPartialError",
]


class QueryletError(Exception):
    """Base class; ``str(err)`` starts with ``file:line:col``."""

    def __init__(
        self,
        message: str,
        template: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.template = template
        self.line = line
        self.column = column
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.template or "<unknown>"
        if self.line is not None:
            where = f"{where}:{self.line}:{self.column or 0}"
        return f"{where}: {self.message}"


class TemplateSyntaxError(QueryletError):
    """Malformed template: bad tag, unknown block, unbalanced blocks..."""


class UnknownFilterError(TemplateSyntaxError):
    """``{{name x}}`` where ``name`` is not a known filter (raised at parse time)."""


class MissingVariableError(QueryletError):
    """A variable (or one of its dotted segments) is absent from the data."""

    def __init__(
        self,
        message: str,
        template: str | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        variable: str = "",
    ) -> None:
        self.variable = variable
        super().__init__(message, template, line, column)


class FilterTypeError(QueryletError):
    """A value does not have the type a typed filter demands."""


class TemplateNotFoundError(QueryletError):
    """A template name does not resolve to a file."""


class UnknownPartialError(TemplateNotFoundError):
    """A template name uses a root that the Library does not know."""


class PartialCycleError(QueryletError):
    """Partials include each other in a loop; the message names the chain."""


class OrderingError(QueryletError):
    """A client sort string is malformed or names a column outside the allow-list.

    Adapters turn this into HTTP 400; ``allowed`` lists the public sort names.
    """

    def __init__(
        self,
        message: str,
        template: str | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        allowed: tuple[str, ...] = (),
    ) -> None:
        self.allowed = allowed
        super().__init__(message, template, line, column)
