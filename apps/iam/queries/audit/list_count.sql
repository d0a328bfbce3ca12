-- Number of audit events matching search (see list.sql).
-- Params: search (text|null).
SELECT count(*) FROM {{> include 'iam.audit.filtered' }}
