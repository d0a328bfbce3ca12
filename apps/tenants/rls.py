"""Row-level security for tenant-owned tables, as a one-line migration operation.

    operations = [..., EnableTenantRLS("course")]

enables and forces RLS on the model's table, creates the ``tenant_isolation`` policy that
compares ``tenant_id`` with the transaction-local tenant setting (unset → NULL → no rows),
and gives ``tenant_id`` a database default from the same setting so raw inserts work.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

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

    def _table(self, app_label: str, state: ProjectState, editor: BaseDatabaseSchemaEditor) -> str:
        model = state.apps.get_model(app_label, self.model_name)
        return editor.quote_name(model._meta.db_table)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        for statement in forward_statements(self._table(app_label, to_state, schema_editor)):
            schema_editor.execute(statement)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        for statement in backward_statements(self._table(app_label, from_state, schema_editor)):
            schema_editor.execute(statement)

    def describe(self) -> str:
        return f"Enable tenant row-level security on {self.model_name}"
