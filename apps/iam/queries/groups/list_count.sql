-- Number of groups matching search (see list.sql).
-- Params: search (text|null).
SELECT count(*) FROM {{> include 'iam.groups.filtered' }}
