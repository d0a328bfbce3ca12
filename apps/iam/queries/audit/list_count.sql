-- Number of audit events matching search (see list.sql).
-- Params: the filters of filtered.sql.
SELECT count(*) FROM {{> include 'iam.audit.filtered' }}
