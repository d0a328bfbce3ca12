"""The Django adapter on real Postgres: fetch helpers, unparsed JSON text, pagination."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import DatabaseError, transaction

from querylet import Library
from querylet import django_adapter as ql

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "numbers.sql": "SELECT n, n * n AS square FROM generate_series(1, {{int upto}}) n ORDER BY n",
    "one.sql": "SELECT {{int x}} + 1",
    "doc.sql": """
{{#object}}
  SELECT c.id, c.name,
    {{> array 'demo.items' }} AS items,
    {{> object 'demo.owner' }} AS owner
  FROM (VALUES (1, 'first'), (2, 'second')) c(id, name)
  WHERE c.id = {{int id}} OR {{bool many}}
{{/object}}
""",
    "items.sql": "SELECT i FROM generate_series(1, c.id) i ORDER BY i DESC",  # correlated
    "owner.sql": "SELECT 'ana' AS name",
    "empty.sql": "{{#array}} SELECT 1 AS x WHERE false {{/array}}",
    "spaced.sql": "SELECT json_build_object('a', 1)",
    "page.sql": """
{{#array}}
  SELECT n FROM generate_series(1, {{int total}}) n
  {{order_by sort allow='n' default='n'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
""",
    "page_count.sql": "SELECT {{int total}}",
}


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    for name, text in TEMPLATES.items():
        (tmp_path / name).write_text(text)
    lib = Library(roots={"demo": tmp_path})
    monkeypatch.setattr(ql, "queries", lambda: lib)
    return lib


def test_value_values_and_rows(library):
    assert ql.fetch_value("demo.one", {"x": 41}) == 42
    assert ql.fetch_values("demo.numbers", {"upto": 3}) == [1, 2, 3]
    assert ql.fetch_rows("demo.numbers", {"upto": 2}) == [
        {"n": 1, "square": 1},
        {"n": 2, "square": 4},
    ]


def test_object_with_nested_array_and_object_partials(library):
    text = ql.fetch_object("demo.doc", {"id": 2, "many": False})
    assert isinstance(text, str)
    assert json.loads(text) == {
        "id": 2,
        "name": "second",
        "items": [{"i": 2}, {"i": 1}],
        "owner": {"name": "ana"},
    }


def test_object_is_none_when_no_row_matches_and_an_error_for_two(library):
    assert ql.fetch_object("demo.doc", {"id": 9, "many": False}) is None
    with pytest.raises(DatabaseError, match="more than one row"), transaction.atomic():
        ql.fetch_object("demo.doc", {"id": 1, "many": True})


def test_empty_array_is_brackets(library):
    assert json.loads(ql.fetch_array("demo.empty")) == []


def test_json_text_is_passed_through_unparsed(library):
    # Postgres's own spacing survives: nothing was parsed and re-dumped in Python.
    assert ql.fetch_json("demo.spaced") == '{"a" : 1}'


@pytest.mark.parametrize(
    ("params", "rows", "meta"),
    [
        (
            {"page": "1", "per_page": "2"},
            [1, 2],
            {"page": 1, "total_pages": 3, "first_page": True, "last_page": False, "next_page": 2},
        ),
        (
            {"page": "3", "per_page": "2", "sort": "-n"},
            [1],
            {"page": 3, "previous_page": 2, "next_page": None, "last_page": True},
        ),
        ({"page": "4", "per_page": "2"}, [], {"out_of_bounds": True, "total": 5}),
    ],
)
def test_pagination_edges(library, params, rows, meta):
    page = ql.fetch_page("demo.page", {"total": 5}, ql.page_request(params))
    assert [r["n"] for r in json.loads(page.json_text)] == rows
    assert meta.items() <= page.meta.items()


def test_empty_result_has_no_pages(library):
    page = ql.fetch_page("demo.page", {"total": 0}, ql.page_request({}))
    assert json.loads(page.json_text) == []
    assert page.meta["total_pages"] == 0
    assert page.meta["out_of_bounds"] is False


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"per_page": "101"}, "per_page_too_large"),
        ({"page": "0"}, "invalid_pagination"),
        ({"per_page": "-3"}, "invalid_pagination"),
    ],
)
def test_bad_page_requests_are_refused(params, code):
    with pytest.raises(ql.PaginationError) as info:
        ql.page_request(params)
    assert info.value.code == code


def test_unknown_sort_is_a_pagination_error(library):
    with pytest.raises(ql.PaginationError) as info:
        ql.fetch_page("demo.page", {"total": 3}, ql.page_request({"sort": "secret"}))
    assert info.value.code == "invalid_sort"
