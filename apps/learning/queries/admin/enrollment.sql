-- One enrollment (admin), the learner read through iam.shared.user_public.
-- Params: course_id, enrollment_id (int). Index: pk.
{{#object}}
  SELECT e.id, e.user_id, u.email, u.name, e.course_id, e.source, e.status, e.enrolled_at,
         e.expires_at, e.revoked_at, e.completed_at, e.last_activity_at
  FROM learning_enrollments e JOIN {{> include 'iam.shared.user_public' }} u ON u.id = e.user_id
  WHERE e.id = {{int enrollment_id}} AND e.course_id = {{int course_id}}
{{/object}}
