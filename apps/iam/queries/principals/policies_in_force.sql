-- Every policy document in force for one user, with its kind and display name: managed
-- policies attached to the user, their groups and roles; inline policies of the same; and
-- the permissions boundary. The most frequent read of all (each admin request whose
-- compiled policy set is not cached yet): one statement.
-- Params: user_id (int).
-- Shape: rows (kind 'identity'|'boundary', name text, document text).
-- Index: iam_gm_user_idx, iam_ra_user_idx; iam_policy_versions_uniq; primary keys.
WITH g AS (SELECT group_id FROM iam_group_memberships WHERE user_id = {{int user_id}}),
     r AS (SELECT role_id FROM iam_role_assignments WHERE user_id = {{int user_id}})
SELECT DISTINCT 'identity' AS kind, p.name, v.document::text AS document
  FROM iam_policy_attachments a
  JOIN iam_policies p ON p.id = a.policy_id
  JOIN iam_policy_versions v ON v.policy_id = p.id AND v.number = p.default_version
 WHERE a.user_id = {{int user_id}} OR a.group_id IN (SELECT group_id FROM g)
    OR a.role_id IN (SELECT role_id FROM r)
UNION ALL
SELECT 'identity',
       CASE WHEN i.user_id IS NOT NULL THEN 'user/' || i.name
            WHEN i.group_id IS NOT NULL THEN 'group/' || i.group_id || '/' || i.name
            ELSE 'role/' || i.role_id || '/' || i.name END,
       i.document::text
  FROM iam_inline_policies i
 WHERE i.user_id = {{int user_id}} OR i.group_id IN (SELECT group_id FROM g)
    OR i.role_id IN (SELECT role_id FROM r)
UNION ALL
SELECT 'boundary', p.name, v.document::text
  FROM iam_users u
  JOIN iam_policies p ON p.id = u.permissions_boundary_id
  JOIN iam_policy_versions v ON v.policy_id = p.id AND v.number = p.default_version
 WHERE u.id = {{int user_id}}
