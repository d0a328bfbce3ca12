-- Partial: the caller's enrollments in published courses.
-- Params: user_id (int), search (text|null).
learning_enrollments e JOIN content_courses c ON c.id = e.course_id
WHERE e.user_id = {{int user_id}} AND c.status = 'published'
  AND ({{#if search}} c.title ILIKE {{wild search}} {{else}} true {{/if}})
