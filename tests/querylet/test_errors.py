"""Every error class, with its template name, line and column."""

from __future__ import annotations

from typing import Any

import pytest

from querylet import (
    FilterTypeError,
    MissingVariableError,
    OrderingError,
    QueryletError,
    TemplateNotFoundError,
    TemplateSyntaxError,
    UnknownFilterError,
    render_string,
)


def fails(source: str, data: dict[str, Any], exc: type[QueryletError]) -> QueryletError:
    with pytest.raises(exc) as info:
        render_string(source, data, name="t.sql")
    return info.value


def where(err: QueryletError) -> tuple[str | None, int | None, int | None]:
    return err.template, err.line, err.column


@pytest.mark.parametrize(
    ("source", "line", "column", "text"),
    [
        ("SELECT\n  {{#loop}}x{{/loop}}", 2, 3, "unknown block"),
        ("SELECT 1\n{{#if a}}x{{/unless}}", 2, 11, "does not match"),
        ("SELECT 1 {{/if}}", 1, 10, "without an opening block"),
        ("SELECT\n\n   {{#array}} SELECT 1", 3, 4, "unclosed block"),
        ("SELECT {{a", 1, 8, "unclosed tag"),
        ("SELECT {{}}", 1, 8, "empty tag"),
        ("SELECT {{a b c}}", 1, 8, "bad tag syntax"),
        ("SELECT {{a..b}}", 1, 8, "invalid variable name"),
        ("x {{else}}", 1, 3, "outside"),
        ("{{#if a}}{{else}}{{else}}{{/if}}", 1, 18, "second"),
        ("{{#if}}{{/if}}", 1, 1, "needs a variable"),
        ("{{#array x}}{{/array}}", 1, 1, "takes no arguments"),
        ("\n {{> foo 'a.b'}}", 2, 2, "unknown partial kind"),
        ("{{> include a.b}}", 1, 1, "quoted string"),
        ("{{> include 'a.b' x}}", 1, 1, "key=value"),
        ("{{> include 'a.b' x=zz}}", 1, 1, "bad value"),
        ("{{> include 'a.b' x=1 x=2}}", 1, 1, "given twice"),
        ("{{> include 'a.b' x={{}} }}", 1, 1, "empty"),
        ("{{order_by s}}", 1, 1, "allow"),
        ("{{order_by s allow='a' default='b'}}", 1, 1, "invalid default"),
        ("{{order_by s allow='a, a'}}", 1, 1, "duplicate"),
        ("{{order_by s allow='a b'}}", 1, 1, "bad allow-list entry"),
        ("{{order_by s allow='a' bogus='x'}}", 1, 1, "order_by syntax"),
        ("{{!-- never closed", 1, 1, "unclosed comment"),
    ],
)
def test_syntax_errors(source: str, line: int, column: int, text: str) -> None:
    err = fails(source, {}, TemplateSyntaxError)
    assert where(err) == ("t.sql", line, column)
    assert text in str(err)
    assert str(err).startswith(f"t.sql:{line}:{column}: ")


def test_unknown_filter_is_a_parse_error_with_position() -> None:
    err = fails("SELECT 1,\n   {{intt x}}", {"x": 1}, UnknownFilterError)
    assert where(err) == ("t.sql", 2, 4)
    assert "intt" in str(err)


def test_unknown_filter_inside_partial_parameter() -> None:
    err = fails("\n{{> include 'a.b' x={{nope y}} }}", {}, UnknownFilterError)
    assert where(err) == ("t.sql", 2, 1)


@pytest.mark.parametrize(
    ("source", "data", "column", "variable"),
    [
        ("SELECT {{a}}", {}, 8, "a"),
        ("SELECT {{int a.b}}", {"a": {}}, 8, "a.b"),
        ("SELECT {{a.b.c}}", {"a": {"b": None}}, 8, "a.b.c"),
        ("SELECT {{#if flag}}1{{/if}}", {}, 8, "flag"),
        ("SELECT {{order_by s allow='a'}}", {}, 8, "s"),
    ],
)
def test_missing_variable(source: str, data: dict[str, Any], column: int, variable: str) -> None:
    err = fails(source, data, MissingVariableError)
    assert isinstance(err, MissingVariableError)
    assert where(err) == ("t.sql", 1, column)
    assert err.variable == variable


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("{{int x}}", True),
        ("{{int x}}", "1.5"),
        ("{{int x}}", " 1"),
        ("{{int x}}", 1.0),
        ("{{float x}}", "abc"),
        ("{{float x}}", "nan"),
        ("{{float x}}", float("inf")),
        ("{{float x}}", False),
        ("{{str x}}", 1),
        ("{{arr x}}", "1,2"),
        ("{{arr x}}", {1, 2}),
        ("{{wild x}}", 3),
        ("{{bool x}}", "yes"),
        ("{{bool x}}", 1),
    ],
)
def test_filter_type_errors(source: str, value: Any) -> None:
    err = fails("SELECT\n  " + source, {"x": value}, FilterTypeError)
    assert where(err) == ("t.sql", 2, 3)


@pytest.mark.parametrize(
    "value",
    ["title", "name,name", "name,-name", "name,", ",name", "-", "name;drop", 5, ["name", 1]],
)
def test_ordering_errors(value: Any) -> None:
    err = fails("SELECT 1\n{{order_by s allow='name, c=x.c'}}", {"s": value}, OrderingError)
    assert isinstance(err, OrderingError)
    assert where(err) == ("t.sql", 2, 1)
    assert err.allowed == ("name", "c")


def test_partial_without_library() -> None:
    err = fails("x {{> include 'a.b'}}", {}, TemplateNotFoundError)
    assert where(err) == ("t.sql", 1, 3)


def test_errors_are_querylet_errors() -> None:
    for cls in (TemplateSyntaxError, MissingVariableError, OrderingError, FilterTypeError):
        assert issubclass(cls, QueryletError)
    assert issubclass(UnknownFilterError, TemplateSyntaxError)
