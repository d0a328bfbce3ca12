-- One group or role with the users it holds, its attached and inline policies.
-- Params: principal_id (int); user, group, role (bool: the kind, see apps/iam/principals.py).
-- Shape: {"id","name","description","created_at",
--         "members" (groups) | "users" (roles): [{"id","email","name"}],
--         "attached_policies":[{"id","name"}],"inline_policies":[{"name","document"}]}
-- Index: primary key; iam_group_members_uniq / iam_role_assignments_uniq.
{{#object}}
  SELECT x.id, x.name, x.description, x.created_at,
    {{#array}}
      SELECT u.id, u.email, u.name
      FROM {{> include 'iam.holders.members' }} JOIN iam_users u ON u.id = m.user_id
      WHERE m.holder_id = x.id ORDER BY u.email
    {{/array}} AS {{> include 'iam.holders.members_key' }},
    {{> include 'iam.principals.policies' }}
  FROM {{> include 'iam.holders.table' }} WHERE x.id = {{int principal_id}}
{{/object}}
