-- One user with groups, roles, attached and inline policies and boundary.
-- Params: principal_id (int: the user's id); user, group, role (bool: the principal kind,
--         user true; see apps/iam/principals.py).
-- Shape: {summary..., "tags", "groups": [{"id","name"}], "roles": [{"id","name"}],
--         "attached_policies": [{"id","name"}], "inline_policies": [{"name","document"}],
--         "permissions_boundary": {"id","name"}|null}
-- Index: primary key; iam_gm_user_idx, iam_ra_user_idx.
{{#object}}
  SELECT {{> include 'iam.users.summary' }}, u.tags,
    {{> array 'iam.holders.of_user' group=true role=false }} AS groups,
    {{> array 'iam.holders.of_user' group=false role=true }} AS roles,
    {{> include 'iam.principals.policies' }},
    {{#object}}
      SELECT p.id, p.name FROM iam_policies p WHERE p.id = u.permissions_boundary_id
    {{/object}} AS permissions_boundary
  FROM iam_users u
  WHERE u.id = {{int principal_id}}
{{/object}}
