-- One role with assigned users, attached and inline policies.
-- Params: role_id (int).
-- Shape: {"id","name","description","created_at","users":[{"id","email","name"}],
--         "attached_policies":[{"id","name"}],"inline_policies":[{"name","document"}]}
-- Index: primary key; iam_role_assignments_uniq.
{{#object}}
  SELECT x.id, x.name, x.description, x.created_at,
    {{#array}}
      SELECT u.id, u.email, u.name FROM iam_role_assignments a JOIN iam_users u ON u.id = a.user_id
      WHERE a.role_id = x.id ORDER BY u.email
    {{/array}} AS users,
    {{#array}}
      SELECT p.id, p.name FROM iam_policy_attachments a JOIN iam_policies p ON p.id = a.policy_id
      WHERE a.role_id = x.id ORDER BY p.name
    {{/array}} AS attached_policies,
    {{#array}}
      SELECT i.name, i.document FROM iam_inline_policies i WHERE i.role_id = x.id ORDER BY i.name
    {{/array}} AS inline_policies
  FROM iam_roles x WHERE x.id = {{int role_id}}
{{/object}}
