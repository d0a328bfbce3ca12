-- Number of courses matching the admin list filters (see list.sql).
-- Params: search, status.
SELECT count(*) FROM {{> include 'content.courses.filtered' }}
