-- Partial: enrollments of a course matching the admin filters.
-- Params: course_id (int), status (text|null), search (text|null).
-- Learners are read through iam.shared.user_public.
learning_enrollments e JOIN {{> include 'iam.shared.user_public' }} u ON u.id = e.user_id
WHERE e.course_id = {{int course_id}}
  AND ({{#if status}} e.status = {{str status}} {{else}} true {{/if}})
  AND ({{#if search}} (u.email ILIKE {{wild search}} OR u.name ILIKE {{wild search}})
       {{else}} true {{/if}})
