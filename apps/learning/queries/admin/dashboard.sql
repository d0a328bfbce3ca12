-- Academy-wide key figures for the admin dashboard (the current tenant, via RLS).
-- Params: none.
-- Shape: {"students", "active_7d", "enrollments", "completions", "certificates"}:
--   students: learners (no admin panel access) with an active account;
--   active_7d: distinct learners with activity on any enrollment in the last 7 days;
--   enrollments: active enrollments; completions: enrollments with a completion date;
--   certificates: certificates that are not revoked.
-- Reads users through iam.shared.user_public.
-- Index: iam_users (tenant_id), learning_enroll_* (tenant_id, …); small aggregates.
{{#object}}
  SELECT
    (SELECT count(*) FROM {{> include 'iam.shared.user_public' }} u
      WHERE u.learner AND u.active) AS students,
    (SELECT count(DISTINCT e.user_id) FROM learning_enrollments e
      WHERE e.last_activity_at >= now() - interval '7 days') AS active_7d,
    (SELECT count(*) FROM learning_enrollments e WHERE e.status = 'active') AS enrollments,
    (SELECT count(*) FROM learning_enrollments e WHERE e.completed_at IS NOT NULL)
      AS completions,
    (SELECT count(*) FROM learning_certificates c WHERE c.revoked_at IS NULL) AS certificates
{{/object}}
