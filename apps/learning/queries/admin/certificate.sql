-- One certificate (admin). Params: course_id, certificate_id (int). Index: pk.
{{#object}}
  SELECT cert.id, cert.code, cert.user_id, cert.holder_name, cert.course_title, cert.issued_at,
         cert.revoked_at, cert.revoke_reason, cert.revoked_at IS NULL AS valid
  FROM learning_certificates cert
  WHERE cert.id = {{int certificate_id}} AND cert.course_id = {{int course_id}}
{{/object}}
