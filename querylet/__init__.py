"""querylet: SQL templates -> one parameterised statement (SQL text + params).

Values only ever become bind parameters; identifiers come only from allow-lists
written in the template.  See ``querylet/README.md`` for the template language.
"""

from querylet.errors import (
    FilterTypeError,
    MissingVariableError,
    OrderingError,
    PartialCycleError,
    QueryletError,
    TemplateNotFoundError,
    TemplateSyntaxError,
    UnknownFilterError,
    UnknownPartialError,
)
from querylet.library import Library, Template, render_string
from querylet.rendered import Rendered

__all__ = [
    "FilterTypeError",
    "Library",
    "MissingVariableError",
    "OrderingError",
    "PartialCycleError",
    "QueryletError",
    "Rendered",
    "Template",
    "TemplateNotFoundError",
    "TemplateSyntaxError",
    "UnknownFilterError",
    "UnknownPartialError",
    "render_string",
]
