-- Partial: the columns of one job as the admin API shows it (alias j = jobs_jobs, u = its
-- creator through iam.shared.user_public, LEFT JOINed). progress is done / total in 0..1,
-- and 1 once completed.
j.id, j.kind, j.title, j.status, j.total, j.done, j.failed,
CASE WHEN j.status = 'completed' THEN 1.0::float8
     WHEN j.total > 0 THEN least(1.0::float8, j.done::float8 / j.total)
     ELSE 0.0::float8 END AS progress,
j.error, j.result,
CASE WHEN u.id IS NULL THEN NULL
     ELSE json_build_object('id', u.id, 'email', u.email, 'name', u.name) END AS created_by,
j.created_at, j.started_at, j.finished_at
