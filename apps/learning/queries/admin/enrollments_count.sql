-- Number of enrollments matching the admin filters (see enrollments.sql).
SELECT count(*) FROM {{> include 'learning.admin.enrollments_filtered' }}
