-- Enrollments of a course (admin, paginated) with each learner's progress.
-- Params: course_id, status, search, sort, limit, offset.
-- Index: learning_enroll_course_idx (tenant_id, course_id, status).
{{#array}}
  SELECT e.id, e.user_id, u.email, u.name, e.source, e.status, e.enrolled_at, e.expires_at,
         e.revoked_at, e.completed_at, e.last_activity_at,
         (SELECT count(*) FROM learning_material_progress p
          WHERE p.user_id = e.user_id AND p.course_id = e.course_id
            AND p.completed_at IS NOT NULL) AS completed_materials
  FROM {{> include 'learning.admin.enrollments_filtered' }}
  {{order_by sort allow='email=u.email, enrolled_at=e.enrolled_at, last_activity_at=e.last_activity_at, status=e.status' default='-enrolled_at'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
