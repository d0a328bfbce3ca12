-- Number of users matching the list filters (see list.sql).
-- Params: search (text|null), status (text|null).
SELECT count(*) FROM {{> include 'iam.users.filtered' }}
