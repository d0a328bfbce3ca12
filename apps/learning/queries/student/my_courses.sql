-- The caller's courses with progress (paginated).
-- Params: user_id (int), search, sort, limit, offset.
-- Shape: [{"course_id", "title", "slug", "cover_image", "status", "current", "enrolled_at",
--          "expires_at", "completed_at", "last_activity_at", "percent", "completed", "required"}]
-- Index: learning_enrollments_uniq (tenant_id, user_id, course_id);
--        learning_progress_course_idx (tenant_id, user_id, course_id).
-- Materials are read through content.shared.materials.
{{#array}}
  SELECT x.course_id, x.title, x.slug, x.cover_image, x.status, x.current, x.enrolled_at,
         x.expires_at, x.completed_at, x.last_activity_at, p.required, p.completed,
         CASE WHEN p.required = 0 THEN 0 ELSE round(100.0 * p.completed / p.required, 1) END
           AS percent
  FROM (
    SELECT c.id AS course_id, c.title, c.slug, c.cover_image, e.status, e.user_id,
           (e.status = 'active' AND (e.expires_at IS NULL OR e.expires_at > now())) AS current,
           e.enrolled_at, e.expires_at, e.completed_at, e.last_activity_at
    FROM {{> include 'learning.student.my_courses_filtered' }}
    {{order_by sort allow='title=c.title, enrolled_at=e.enrolled_at, last_activity_at=e.last_activity_at' default='-last_activity_at'}}
    LIMIT {{int limit}} OFFSET {{int offset}}
  ) x
  CROSS JOIN LATERAL (
    SELECT count(*) AS required,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM learning_material_progress mp
             WHERE mp.material_id = m.id AND mp.user_id = x.user_id
               AND mp.completed_at IS NOT NULL)) AS completed
    FROM {{> include 'content.shared.materials' }} m
    WHERE m.course_id = x.course_id AND m.required
  ) p
  {{order_by sort allow='title=x.title, enrolled_at=x.enrolled_at, last_activity_at=x.last_activity_at' default='-last_activity_at'}}
{{/array}}
