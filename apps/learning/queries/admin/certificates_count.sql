-- Number of certificates of a course (see certificates.sql).
SELECT count(*) FROM {{> include 'learning.admin.certificates_filtered' }}
