-- Partial: certificates of a course. Params: course_id (int), search (text|null).
learning_certificates cert
WHERE cert.course_id = {{int course_id}}
  AND ({{#if search}} (cert.holder_name ILIKE {{wild search}} OR cert.code ILIKE {{wild search}})
       {{else}} true {{/if}})
