"""Library: name resolution, partials, caching and auto_reload."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from querylet import (
    Library,
    PartialCycleError,
    Rendered,
    TemplateNotFoundError,
    TemplateSyntaxError,
    UnknownPartialError,
    render_string,
)

FIXTURES = Path(__file__).parent / "templates"


@pytest.fixture
def lib() -> Library:
    return Library(roots={"content": FIXTURES / "content"})


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_fixture_outline_renders_one_statement(lib: Library) -> None:
    out = lib.render(
        "content.courses.outline",
        {"course_id": "5", "course_author": 9, "search": "a%", "sort": "-title", "page": 2},
    )
    assert out.sql == (
        "SELECT (SELECT row_to_json(_q1) FROM (\n"
        "  SELECT c.id, c.title,\n"
        "    (SELECT row_to_json(_q2) FROM (SELECT u.id, u.name FROM users u WHERE u.id = %s\n"
        ") _q2) AS author,\n"
        "    (SELECT coalesce(json_agg(_q2), '[]'::json) FROM (\n"
        "      SELECT l.id, l.title FROM lessons l\n"
        "      WHERE l.course_id = c.id AND l.title ILIKE %s\n"
        "      ORDER BY l.title DESC\n"
        "      LIMIT %s OFFSET %s\n"
        "    ) _q2) AS lessons\n"
        "  FROM courses c\n"
        "  WHERE c.id = %s\n"
        ") _q1) AS json"
    )
    assert out.params == (9, "%a\\%%", 20, 2, 5)


def test_partial_params_override_only_inside(tmp_path: Path) -> None:
    write(tmp_path / "p.sql", "[{{x}} {{y}}]")
    lib = Library(roots={"r": tmp_path})
    out = render_string(
        "{{x}} {{> include 'r.p' x='inner' y={{str name}} }} {{x}}",
        {"x": "outer", "name": "n"},
        library=lib,
    )
    assert out == Rendered("%s [%s %s] %s", ("outer", "inner", "n", "outer"))


def test_partial_literal_params(tmp_path: Path) -> None:
    write(tmp_path / "p.sql", "{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}")
    lib = Library(roots={"r": tmp_path})
    src = "{{> include 'r.p' a=1 b=-2.5 c='it''s' d=true e=null f=false}}"
    assert render_string(src, {}, library=lib).params == (1, -2.5, "it's", True, None, False)


def test_partial_param_filter_is_validated_in_caller(tmp_path: Path) -> None:
    write(tmp_path / "p.sql", "SELECT 1")
    lib = Library(roots={"r": tmp_path})
    from querylet import FilterTypeError

    with pytest.raises(FilterTypeError) as info:
        render_string("\n  {{> include 'r.p' n={{int page}} }}", {"page": "x"}, library=lib)
    assert (info.value.template, info.value.line, info.value.column) == ("<string>", 2, 3)


def test_array_and_object_partials(tmp_path: Path) -> None:
    write(tmp_path / "sub" / "rows.sql", "SELECT {{int id}}")
    lib = Library(roots={"r": tmp_path})
    out = render_string("{{> array 'r.sub.rows' id=1}}", {}, library=lib)
    assert out == Rendered(
        "SELECT (SELECT coalesce(json_agg(_q1), '[]'::json) FROM (SELECT %s) _q1) AS json", (1,)
    )
    out = render_string("SELECT {{> object 'r.sub.rows' }} AS o", {"id": 3}, library=lib)
    assert out == Rendered("SELECT (SELECT row_to_json(_q1) FROM (SELECT %s) _q1) AS o", (3,))


def test_partial_cycle_names_the_chain(lib: Library) -> None:
    with pytest.raises(PartialCycleError) as info:
        lib.template("content.cycle.a")
    err = info.value
    assert "content.cycle.a -> content.cycle.b -> content.cycle.a" in str(err)
    assert err.template == str(FIXTURES / "content" / "cycle" / "b.sql")
    assert (err.line, err.column) == (2, 3)


def test_missing_partial_points_at_including_tag(lib: Library) -> None:
    with pytest.raises(TemplateNotFoundError) as info:
        lib.template("content.broken.missing_partial")
    err = info.value
    assert err.template == str(FIXTURES / "content" / "broken" / "missing_partial.sql")
    assert (err.line, err.column) == (3, 3)
    assert "content.shared.nope" in str(err)


def test_syntax_error_in_file_reports_file_path(lib: Library) -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        lib.template("content.broken.mismatch")
    assert info.value.template == str(FIXTURES / "content" / "broken" / "mismatch.sql")
    assert (info.value.line, info.value.column) == (3, 8)


def test_unknown_root_and_missing_file(lib: Library) -> None:
    with pytest.raises(UnknownPartialError):
        lib.render("nope.x.y", {})
    with pytest.raises(TemplateNotFoundError):
        lib.render("content.courses.missing", {})
    with pytest.raises(TemplateNotFoundError):
        lib.render("content", {})
    with pytest.raises(TemplateNotFoundError):
        lib.render("content..x", {})


def test_unknown_root_in_partial_has_location(tmp_path: Path) -> None:
    lib = Library(roots={"r": tmp_path})
    with pytest.raises(UnknownPartialError) as info:
        render_string("x\n {{> include 'zz.p'}}", {}, library=lib)
    assert (info.value.line, info.value.column) == (2, 2)


def test_template_is_cached(lib: Library) -> None:
    first = lib.template("content.shared.paginate")
    assert lib.template("content.shared.paginate") is first


def _bump_mtime(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_without_auto_reload_changes_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path / "q.sql", "SELECT 1")
    lib = Library(roots={"r": tmp_path}, auto_reload=False)
    assert lib.render("r.q", {}).sql == "SELECT 1"
    write(path, "SELECT 2")
    _bump_mtime(path)
    assert lib.render("r.q", {}).sql == "SELECT 1"


def test_auto_reload_picks_up_changed_template_and_partial(tmp_path: Path) -> None:
    main = write(tmp_path / "q.sql", "SELECT 1 {{> include 'r.p'}}")
    part = write(tmp_path / "p.sql", "-- a")
    lib = Library(roots={"r": tmp_path}, auto_reload=True)
    first = lib.template("r.q")
    assert lib.template("r.q") is first
    assert first.render({}).sql == "SELECT 1 -- a"
    write(main, "SELECT 2 {{> include 'r.p'}}")
    _bump_mtime(main)
    assert lib.render("r.q", {}).sql == "SELECT 2 -- a"
    write(part, "-- b")
    _bump_mtime(part)
    assert lib.render("r.q", {}).sql == "SELECT 2 -- b"
    assert lib.template("r.q") is lib.template("r.q")


def test_auto_reload_deleted_file_raises_not_found(tmp_path: Path) -> None:
    main = write(tmp_path / "q.sql", "SELECT 1")
    lib = Library(roots={"r": tmp_path}, auto_reload=True)
    lib.render("r.q", {})
    main.unlink()
    with pytest.raises(TemplateNotFoundError):
        lib.render("r.q", {})
