-- Certificates of a course (admin, paginated).
-- Params: course_id, search, sort, limit, offset. Index: FK course_id.
{{#array}}
  SELECT cert.id, cert.code, cert.user_id, cert.holder_name, cert.course_title, cert.issued_at,
         cert.revoked_at, cert.revoke_reason, cert.revoked_at IS NULL AS valid
  FROM {{> include 'learning.admin.certificates_filtered' }}
  {{order_by sort allow='issued_at=cert.issued_at, holder=cert.holder_name' default='-issued_at'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
