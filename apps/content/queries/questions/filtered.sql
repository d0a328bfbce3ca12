-- Partial: top-level questions of a course matching the list filters.
-- Params: course_id (int), topic_id (int|null), search (text|null).
content_questions q
WHERE q.course_id = {{int course_id}} AND q.parent_id IS NULL
  AND ({{#if topic_id}} q.topic_id = {{int topic_id}} {{else}} true {{/if}})
  AND ({{#if search}} q.stem ILIKE {{wild search}} {{else}} true {{/if}})
