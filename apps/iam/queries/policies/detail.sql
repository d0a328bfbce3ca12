-- One managed policy with its default document and where it is attached.
-- Params: policy_id (int).
-- Shape: {"id","name","description","system_managed","default_version","document",
--         "versions":[{"number","is_default","created_at"}],
--         "attached_to":[{"kind","id","name"}],"created_at","updated_at"}
-- Index: primary key; iam_policy_versions_uniq.
{{#object}}
  SELECT p.id, p.name, p.description, p.system_managed, p.default_version,
    (SELECT v.document FROM iam_policy_versions v
      WHERE v.policy_id = p.id AND v.number = p.default_version) AS document,
    {{#array}}
      SELECT v.number, v.number = p.default_version AS is_default, v.created_at
      FROM iam_policy_versions v WHERE v.policy_id = p.id ORDER BY v.number
    {{/array}} AS versions,
    {{#array}}
      SELECT CASE WHEN a.user_id IS NOT NULL THEN 'user' WHEN a.group_id IS NOT NULL THEN 'group'
                  ELSE 'role' END AS kind,
             coalesce(a.user_id, a.group_id, a.role_id) AS id,
             coalesce(u.email, g.name, r.name) AS name
      FROM iam_policy_attachments a
      LEFT JOIN iam_users u ON u.id = a.user_id
      LEFT JOIN iam_groups g ON g.id = a.group_id
      LEFT JOIN iam_roles r ON r.id = a.role_id
      WHERE a.policy_id = p.id ORDER BY 1, 3
    {{/array}} AS attached_to,
    p.created_at, p.updated_at
  FROM iam_policies p WHERE p.id = {{int policy_id}}
{{/object}}
