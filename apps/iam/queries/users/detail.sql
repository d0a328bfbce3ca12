-- One user with groups, roles, attached and inline policies and boundary.
-- Params: user_id (int).
-- Shape: {summary..., "tags", "groups": [{"id","name"}], "roles": [{"id","name"}],
--         "attached_policies": [{"id","name"}], "inline_policies": [{"name","document"}],
--         "permissions_boundary": {"id","name"}|null}
-- Index: primary key; iam_gm_user_idx, iam_ra_user_idx.
{{#object}}
  SELECT {{> include 'iam.users.summary' }}, u.tags,
    {{#array}}
      SELECT g.id, g.name FROM iam_group_memberships m JOIN iam_groups g ON g.id = m.group_id
      WHERE m.user_id = u.id ORDER BY g.name
    {{/array}} AS groups,
    {{#array}}
      SELECT r.id, r.name FROM iam_role_assignments a JOIN iam_roles r ON r.id = a.role_id
      WHERE a.user_id = u.id ORDER BY r.name
    {{/array}} AS roles,
    {{#array}}
      SELECT p.id, p.name FROM iam_policy_attachments a JOIN iam_policies p ON p.id = a.policy_id
      WHERE a.user_id = u.id ORDER BY p.name
    {{/array}} AS attached_policies,
    {{#array}}
      SELECT i.name, i.document FROM iam_inline_policies i WHERE i.user_id = u.id ORDER BY i.name
    {{/array}} AS inline_policies,
    {{#object}}
      SELECT p.id, p.name FROM iam_policies p WHERE p.id = u.permissions_boundary_id
    {{/object}} AS permissions_boundary
  FROM iam_users u
  WHERE u.id = {{int user_id}}
{{/object}}
