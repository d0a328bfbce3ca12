-- One group with members, attached and inline policies.
-- Params: group_id (int).
-- Shape: {"id","name","description","created_at","members":[{"id","email","name"}],
--         "attached_policies":[{"id","name"}],"inline_policies":[{"name","document"}]}
-- Index: primary key; iam_group_members_uniq.
{{#object}}
  SELECT x.id, x.name, x.description, x.created_at,
    {{#array}}
      SELECT u.id, u.email, u.name FROM iam_group_memberships m JOIN iam_users u ON u.id = m.user_id
      WHERE m.group_id = x.id ORDER BY u.email
    {{/array}} AS members,
    {{#array}}
      SELECT p.id, p.name FROM iam_policy_attachments a JOIN iam_policies p ON p.id = a.policy_id
      WHERE a.group_id = x.id ORDER BY p.name
    {{/array}} AS attached_policies,
    {{#array}}
      SELECT i.name, i.document FROM iam_inline_policies i WHERE i.group_id = x.id ORDER BY i.name
    {{/array}} AS inline_policies
  FROM iam_groups x WHERE x.id = {{int group_id}}
{{/object}}
