-- A user's access keys (never the secret or its hash).
-- Params: user_id (int).
-- Shape: [{"key_id","description","status","session_policy","expires_at","last_used_at",
--          "last_used_ip","created_at"}]
-- Index: iam_keys_user_idx (tenant_id, user_id).
{{#array}}
  SELECT k.key_id, k.description, k.status, k.session_policy, k.expires_at, k.last_used_at,
         host(k.last_used_ip) AS last_used_ip, k.created_at
  FROM iam_access_keys k WHERE k.user_id = {{int user_id}}
  ORDER BY k.created_at, k.id
{{/array}}
