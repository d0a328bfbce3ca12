-- A bulk-enroll job with its per-row error report (admin).
-- Params: course_id, job_id (int). Index: pk.
{{#object}}
  SELECT j.id, j.course_id, j.status, j.total_rows, j.enrolled_count, j.unchanged_count,
         j.error_count, j.report AS errors, j.created_at, j.finished_at
  FROM learning_enrollment_jobs j
  WHERE j.id = {{int job_id}} AND j.course_id = {{int course_id}}
{{/object}}
