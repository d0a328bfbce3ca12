-- Number of groups or roles matching search (see list.sql).
-- Params: group, role (bool: the kind); search (text|null).
SELECT count(*) FROM {{> include 'iam.holders.filtered' }}
