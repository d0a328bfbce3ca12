"""Row-level security for tenant-owned tables, as a one-line migration operation.

    operations = [..., EnableTenantRLS("course")]

enables and forces RLS on the model's table, creates the ``tenant_isolation`` policy that
compares ``tenant_id`` with the transaction-local tenant setting (unset → NULL → no rows),
and gives ``tenant_id`` a database default from the same setting so raw inserts work.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

Editor = BaseDatabaseSchemaEditor
State = ProjectState
Statements = Callable[[str], list[str]]

POLICY_NAME = "tenant_isolation"
TENANT_EXPRESSION = "NULLIF(current_setting('teacherseat.tenant_id', true), '')::bigint"


def forward_statements(quoted_table: str) -> list[str]:
    """DDL for one table; the table name is quoted by the schema editor, never user input."""
    return [
        "ALTER TABLE " + quoted_table + " ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE " + quoted_table + " FORCE ROW LEVEL SECURITY",
        "CREATE POLICY "
        + POLICY_NAME
        + " ON "
        + quoted_table
        + " USING (tenant_id = "
        + TENANT_EXPRESSION
        + ")"
        + " WITH CHECK (tenant_id = "
        + TENANT_EXPRESSION
        + ")",
        "ALTER TABLE " + quoted_table + " ALTER COLUMN tenant_id SET DEFAULT " + TENANT_EXPRESSION,
    ]


def backward_statements(quoted_table: str) -> list[str]:
    return [
        "ALTER TABLE " + quoted_table + " ALTER COLUMN tenant_id DROP DEFAULT",
        "DROP POLICY IF EXISTS " + POLICY_NAME + " ON " + quoted_table,
        "ALTER TABLE " + quoted_table + " NO FORCE ROW LEVEL SECURITY",
        "ALTER TABLE " + quoted_table + " DISABLE ROW LEVEL SECURITY",
    ]


class EnableTenantRLS(Operation):
    """Migration operation: isolate ``model_name``'s table by tenant with RLS."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (type(self).__qualname__, [self.model_name], {})

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        """Schema state is unchanged: RLS lives only in the database."""

    def _run(self, statements: Statements, app: str, state: State, editor: Editor) -> None:
        model = state.apps.get_model(app, self.model_name)
        for statement in statements(editor.quote_name(model._meta.db_table)):
            editor.execute(statement)

    def database_forwards(self, app: str, editor: Editor, old: State, new: State) -> None:
        self._run(forward_statements, app, new, editor)

    def database_backwards(self, app: str, editor: Editor, old: State, new: State) -> None:
        self._run(backward_statements, app, old, editor)

    def describe(self) -> str:
        return f"Enable tenant row-level security on {self.model_name}"
