-- Partial: the caller's enrollments in published courses.
-- Params: user_id (int), search (text|null). Courses: content.shared.courses.
learning_enrollments e JOIN {{> include 'content.shared.courses' }} c ON c.id = e.course_id
WHERE e.user_id = {{int user_id}} AND c.published
  AND ({{#if search}} c.title ILIKE {{wild search}} {{else}} true {{/if}})
