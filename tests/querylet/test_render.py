"""Rendering of each construct: exact SQL text and params."""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from querylet import Rendered, render_string


def r(source: str, data: dict[str, Any] | None = None) -> Rendered:
    return render_string(source, data or {})


def test_plain_text_passes_through_and_percent_is_doubled() -> None:
    out = r("SELECT 'a%' -- 50% off\n, $$x$$")
    assert out == Rendered("SELECT 'a%%' -- 50%% off\n, $$x$$", ())


def test_rendered_is_frozen() -> None:
    out = r("SELECT 1")
    with pytest.raises(FrozenInstanceError):
        out.sql = "x"  # type: ignore[misc]


def test_untyped_variable_binds_value_as_is() -> None:
    out = r("SELECT * FROM t WHERE a = {{a}} AND b = {{ b }}", {"a": [1], "b": None})
    assert out.sql == "SELECT * FROM t WHERE a = %s AND b = %s"
    assert out.params == ([1], None)


def test_dotted_lookup_through_mappings_and_attributes() -> None:
    data = {"user": {"profile": SimpleNamespace(id=7)}}
    out = r("WHERE id = {{user.profile.id}}", data)
    assert out == Rendered("WHERE id = %s", (7,))


def test_mapping_that_is_not_a_dict() -> None:
    from types import MappingProxyType

    out = render_string("{{a}}", MappingProxyType({"a": 1}))
    assert out.params == (1,)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(5, 5), ("42", 42), ("-3", -3), (None, None)],
)
def test_int_filter(value: Any, expected: Any) -> None:
    assert r("{{int x}}", {"x": value}).params == (expected,)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1.0), (2.5, 2.5), ("-1.25", -1.25), ("3", 3.0), (Decimal("1.5"), 1.5), ("1e3", 1000.0)],
)
def test_float_filter(value: Any, expected: Any) -> None:
    assert r("{{float x}}", {"x": value}).params == (expected,)


def test_str_filter() -> None:
    assert r("{{str x}}", {"x": "o'hara"}).params == ("o'hara",)


def test_arr_filter_returns_list() -> None:
    out = r("WHERE id = ANY({{arr ids}})", {"ids": (1, 2, 3)})
    assert out == Rendered("WHERE id = ANY(%s)", ([1, 2, 3],))


def test_wild_filter_escapes_like_metacharacters() -> None:
    out = r("WHERE t ILIKE {{wild q}}", {"q": "50%_off\\x"})
    assert out.sql == "WHERE t ILIKE %s"
    assert out.params == ("%50\\%\\_off\\\\x%",)


@pytest.mark.parametrize(
    ("value", "expected"), [(True, True), ("false", False), ("1", True), ("0", False)]
)
def test_bool_filter(value: Any, expected: bool) -> None:
    assert r("{{bool x}}", {"x": value}).params == (expected,)


def test_object_block() -> None:
    out = r("SELECT {{#object}}SELECT id FROM t WHERE id = {{int id}}{{/object}} AS o", {"id": 1})
    assert (
        out.sql == "SELECT (SELECT row_to_json(_q1) FROM (SELECT id FROM t WHERE id = %s) _q1) AS o"
    )
    assert out.params == (1,)


def test_array_block_nested_aliases_are_unique_per_level() -> None:
    src = "SELECT {{#array}}SELECT a, {{#array}}SELECT b{{/array}} AS bs FROM t{{/array}} AS x"
    assert r(src).sql == (
        "SELECT (SELECT coalesce(json_agg(_q1), '[]'::json) FROM ("
        "SELECT a, (SELECT coalesce(json_agg(_q2), '[]'::json) FROM (SELECT b) _q2) AS bs FROM t"
        ") _q1) AS x"
    )


def test_whole_body_block_becomes_select_as_json() -> None:
    src = "-- doc comment\n\n{{#array}}SELECT 1{{/array}}\n  -- trailing\n"
    assert r(src).sql == (
        "SELECT (SELECT coalesce(json_agg(_q1), '[]'::json) FROM (SELECT 1) _q1) AS json"
    )
    assert r("{{#object}}SELECT 1{{/object}}").sql == (
        "SELECT (SELECT row_to_json(_q1) FROM (SELECT 1) _q1) AS json"
    )


def test_two_blocks_are_not_wrapped() -> None:
    src = "{{#object}}SELECT 1{{/object}}, {{#object}}SELECT 2{{/object}}"
    assert not r(src).sql.startswith("SELECT (")


@pytest.mark.parametrize(
    ("flag", "expected"), [(True, "A"), (1, "A"), (False, "B"), (None, "B"), ([], "B")]
)
def test_if_else(flag: Any, expected: str) -> None:
    assert r("{{#if f}}A{{else}}B{{/if}}", {"f": flag}).sql == expected


def test_unless_else() -> None:
    assert r("{{#unless f}}A{{else}}B{{/unless}}", {"f": False}).sql == "A"
    assert r("{{#unless f}}A{{else}}B{{/unless}}", {"f": True}).sql == "B"
    assert r("{{#unless f}}A{{/unless}}", {"f": True}).sql == ""


def test_if_params_keep_order() -> None:
    src = "{{a}} {{#if f}}{{b}}{{else}}{{c}}{{/if}} {{d}}"
    out = r(src, {"a": 1, "b": 2, "c": 3, "d": 4, "f": True})
    assert out == Rendered("%s %s %s", (1, 2, 4))
    out = r(src, {"a": 1, "b": 2, "c": 3, "d": 4, "f": False})
    assert out == Rendered("%s %s %s", (1, 3, 4))


def test_template_comments_are_dropped() -> None:
    assert r("SELECT {{!-- a {{x}} }} comment --}}1{{! short }}").sql == "SELECT 1"


def test_order_by() -> None:
    src = "SELECT 1 {{order_by sort allow='name, title=c.title, created_at=c.created_at'}}"
    out = r(src, {"sort": "name,-created_at"})
    assert out == Rendered("SELECT 1 ORDER BY name ASC, c.created_at DESC", ())


def test_order_by_default_and_percent_in_expression() -> None:
    src = "{{order_by s allow='a, m=x % 2' default='-m'}}"
    assert r(src, {"s": None}).sql == "ORDER BY x %% 2 DESC"
    assert r(src, {"s": ""}).sql == "ORDER BY x %% 2 DESC"
    assert r(src, {"s": " a , -m "}).sql == "ORDER BY a ASC, x %% 2 DESC"
    assert r(src, {"s": ["m", "-a"]}).sql == "ORDER BY x %% 2 ASC, a DESC"


def test_order_by_allow_expression_with_commas() -> None:
    src = "{{order_by s allow='n=coalesce(a, b), t'}}"
    assert r(src, {"s": "-n"}).sql == "ORDER BY coalesce(a, b) DESC"


def test_order_by_without_default_emits_nothing_for_empty() -> None:
    assert r("x {{order_by s allow='a'}}", {"s": None}).sql == "x "


def test_tag_whitespace_is_flexible() -> None:
    out = render_string("{{#if\tf }}{{ int  x }}{{/ if }}", {"f": 1, "x": 2})
    assert out == Rendered("%s", (2,))


def test_literal_braces_need_tags_elsewhere() -> None:
    # '{{' always opens a tag, even inside SQL strings: use ARRAY[...] instead.
    from querylet import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        render_string("SELECT '{{1,2}}'::int[]", {})
