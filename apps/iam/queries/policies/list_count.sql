-- Number of policies matching the list filters (see list.sql).
-- Params: search (text|null), managed (bool|null).
SELECT count(*) FROM {{> include 'iam.policies.filtered' }}
