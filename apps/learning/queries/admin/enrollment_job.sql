-- A bulk-enroll job with its live progress and per-row error report (admin).
-- progress.done is the rows the worker has processed so far (it commits chunk by chunk)
-- of progress.total; percent is 0..100 (100 once completed). links.self is where to poll;
-- links.job the same work on the Jobs screen's API (null for jobs made before it existed).
-- Params: course_id, job_id (int). Index: pk.
{{#object}}
  SELECT j.id, j.course_id, j.status, j.total_rows, j.processed_rows, j.enrolled_count,
         j.unchanged_count, j.error_count, j.report AS errors,
         json_build_object(
           'done', j.processed_rows,
           'total', j.total_rows,
           'percent', CASE WHEN j.status = 'completed' THEN 100
                           WHEN j.total_rows = 0 THEN 0
                           ELSE least(100, 100 * j.processed_rows / j.total_rows) END
         ) AS progress,
         j.job_id,
         json_build_object(
           'self', '/api/admin/learning/courses/' || j.course_id || '/enrollment-jobs/' || j.id,
           'job', CASE WHEN j.job_id IS NULL THEN NULL
                       ELSE '/api/admin/jobs/jobs/' || j.job_id END
         ) AS links,
         j.created_at, j.finished_at
  FROM learning_enrollment_jobs j
  WHERE j.id = {{int job_id}} AND j.course_id = {{int course_id}}
{{/object}}
