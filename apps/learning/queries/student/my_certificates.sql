-- The caller's certificates.
-- Params: user_id (int).
-- Index: learning_certificates_uniq (tenant_id, user_id, course_id).
{{#array}}
  SELECT cert.id, cert.code, cert.course_id, cert.course_title, cert.holder_name,
         cert.issued_at, cert.revoked_at, cert.revoked_at IS NULL AS valid
  FROM learning_certificates cert WHERE cert.user_id = {{int user_id}}
  ORDER BY cert.issued_at DESC
{{/array}}
