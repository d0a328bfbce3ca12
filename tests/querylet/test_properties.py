"""Property tests: input values can never change the SQL text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from querylet import Library, OrderingError, Template, render_string

NASTY = st.sampled_from(
    ["'", "''", ";", "--", "$$", "\x00", "%", "%s", "%%", "{{x}}", "}}", "\\", "é", "🙂", "*/"]
)
TEXT = st.one_of(
    st.text(),
    st.lists(st.one_of(NASTY, st.text(max_size=5)), max_size=8).map("".join),
)
BENIGN = "benign"

MAIN = """\
-- listing
{{#array}}
  SELECT c.id, c.title, {{title}} AS echo
  FROM courses c
  WHERE c.title ILIKE {{wild q}} AND c.slug = {{str slug}}
    AND c.tag = ANY({{arr tags}})
    {{#if flag}}AND c.note = {{note}}{{else}}AND c.note IS NULL{{/if}}
    AND {{> include 'r.filter' needle={{str q}} label='x''y' }}
  {{order_by sort allow='title=c.title, id=c.id' default='-id'}}
{{/array}}
"""
FILTER = "c.body LIKE {{wild needle}} OR c.label = {{label}} OR c.q = {{q}}"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    root: Path = tmp_path_factory.mktemp("q")
    (root / "main.sql").write_text(MAIN, encoding="utf-8")
    (root / "filter.sql").write_text(FILTER, encoding="utf-8")
    return Library(roots={"r": root}).template("r.main")


def _data(value: str, flag: bool, sort: str) -> dict[str, object]:
    return {
        "title": value,
        "q": value,
        "slug": value,
        "tags": [value, value],
        "flag": flag,
        "note": value,
        "sort": sort,
    }


@settings(
    max_examples=300, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=TEXT, flag=st.booleans(), sort=st.sampled_from(["", "title", "-id,title", "-title"]))
def test_values_only_reach_params(template: Template, value: str, flag: bool, sort: str) -> None:
    out = template.render(_data(value, flag, sort))
    benign = template.render(_data(BENIGN, flag, sort))
    assert out.sql == benign.sql
    assert len(out.params) == len(benign.params)
    if len(value) >= 3 and value not in MAIN + FILTER:
        assert value not in out.sql
    assert value in out.params


@settings(max_examples=300, database=None)
@given(value=TEXT)
def test_string_templates_never_embed_values(value: str) -> None:
    src = "SELECT {{v}}, {{str v}}, {{wild v}} WHERE {{#if v}}a = {{v}}{{else}}TRUE{{/if}}"
    benign = "x" if value else ""
    assert render_string(src, {"v": value}).sql == render_string(src, {"v": benign}).sql


ALLOW = {"name": "u.name", "created_at": "u.created_at", "id": "id"}
ORDER_SRC = "SELECT 1 {{order_by sort allow='name=u.name, created_at=u.created_at, id'}}"
CLAUSE_RE = re.compile(
    r"SELECT 1 (ORDER BY (u\.name|u\.created_at|id) (ASC|DESC)"
    r"(, (u\.name|u\.created_at|id) (ASC|DESC))*)?"
)


def _expected(sort: str) -> str | None:
    """Independent oracle for a valid sort string, None if invalid."""
    if not sort.strip():
        return "SELECT 1 "
    parts = []
    seen = set()
    for item in (p.strip() for p in sort.split(",")):
        desc = item.startswith("-")
        name = item[1:] if desc else item
        if name not in ALLOW or name in seen:
            return None
        seen.add(name)
        parts.append(f"{ALLOW[name]} {'DESC' if desc else 'ASC'}")
    return "SELECT 1 ORDER BY " + ", ".join(parts)


SORT_TEXT = st.one_of(
    st.text(),
    st.lists(
        st.sampled_from(["name", "-name", "id", "-id", "created_at", "x", "", " ", ";", "--"]),
        max_size=4,
    ).map(",".join),
)


@settings(max_examples=500, database=None)
@given(sort=SORT_TEXT)
def test_sort_strings_never_reach_sql(sort: str) -> None:
    expected = _expected(sort)
    if expected is None:
        with pytest.raises(OrderingError):
            render_string(ORDER_SRC, {"sort": sort})
        return
    out = render_string(ORDER_SRC, {"sort": sort})
    assert out.sql == expected
    assert CLAUSE_RE.fullmatch(out.sql)
    assert out.params == ()
