-- Partial: the columns attached_policies [{"id","name"}] and inline_policies
-- [{"name","document"}] of one user, group or role, each ordered by name.
-- Params: principal_id (int); user, group, role (bool: its kind, see principals/column.sql).
-- Index: the unique indexes of iam_policy_attachments and iam_inline_policies.
    {{#array}}
      SELECT p.id, p.name FROM iam_policy_attachments a JOIN iam_policies p ON p.id = a.policy_id
      WHERE {{> include 'iam.principals.column' }} = {{int principal_id}} ORDER BY p.name
    {{/array}} AS attached_policies,
    {{#array}}
      SELECT a.name, a.document FROM iam_inline_policies a
      WHERE {{> include 'iam.principals.column' }} = {{int principal_id}} ORDER BY a.name
    {{/array}} AS inline_policies
