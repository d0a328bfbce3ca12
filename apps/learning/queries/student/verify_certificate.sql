-- Public verification of a certificate by code (holder, course, date, validity).
-- Params: code (text).
-- Index: learning_certificates_code_uniq (tenant_id, code).
{{#object}}
  SELECT cert.code, cert.holder_name AS holder, cert.course_title AS course,
         cert.issued_at, cert.revoked_at IS NULL AS valid, cert.revoked_at
  FROM learning_certificates cert WHERE cert.code = {{str code}}
{{/object}}
