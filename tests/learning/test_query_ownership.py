"""Learning's SQL reads other systems' tables only through partials those systems own
(``content.shared.*``, ``iam.shared.*``), so a change to their tables stays in their app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps

QUERIES = Path(__file__).resolve().parents[2] / "apps" / "learning" / "queries"


def foreign_tables() -> set[str]:
    return {
        model._meta.db_table
        for label in ("content", "iam")
        for model in apps.get_app_config(label).get_models()
    }


def tables_named(sql: str, tables: set[str]) -> list[str]:
    """The given tables named in SQL text, ignoring ``--`` comments."""
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return [word for word in re.findall(r"\b[a-z_]+\b", code) if word in tables]


@pytest.mark.parametrize(
    "path", sorted(QUERIES.rglob("*.sql")), ids=lambda p: str(p.relative_to(QUERIES))
)
def test_learning_templates_name_no_content_or_iam_table(path):
    assert tables_named(path.read_text(), foreign_tables()) == []


def test_the_check_knows_the_tables_and_can_fail():
    tables = foreign_tables()
    assert {"content_courses", "content_materials", "iam_users"} <= tables
    sql = "SELECT 'content_type' FROM learning_enrollments e JOIN iam_users u -- content_courses"
    assert tables_named(sql, tables) == ["iam_users"]
