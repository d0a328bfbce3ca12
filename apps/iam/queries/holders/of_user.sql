-- Partial: the groups or roles user u is in, by name (include it as an array).
-- Params: group, role (bool: the kind, exactly one true).
-- Shape: [{"id","name"}]
SELECT x.id, x.name
FROM {{> include 'iam.holders.members' }} JOIN {{> include 'iam.holders.table' }} ON x.id = m.holder_id
WHERE m.user_id = u.id ORDER BY x.name
