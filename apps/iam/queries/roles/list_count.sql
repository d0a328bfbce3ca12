-- Number of roles matching search (see list.sql).
-- Params: search (text|null).
SELECT count(*) FROM {{> include 'iam.roles.filtered' }}
