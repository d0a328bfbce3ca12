-- Every version of one policy, newest first (404 by the view when the policy is absent).
-- Params: policy_id (int).
-- Shape: [{"number","is_default","document","created_at"}]
-- Index: iam_policy_versions_uniq (tenant_id, policy_id, number).
{{#array}}
  SELECT v.number, v.number = p.default_version AS is_default, v.document, v.created_at
  FROM iam_policy_versions v JOIN iam_policies p ON p.id = v.policy_id
  WHERE v.policy_id = {{int policy_id}}
  ORDER BY v.number DESC
{{/array}}
