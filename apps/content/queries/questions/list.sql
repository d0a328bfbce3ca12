-- Question bank of a course (admin, paginated), correct answers included.
-- Params: course_id, topic_id (int|null), search, sort, limit, offset.
-- Index: content_questions_course_idx (tenant_id, course_id, parent_id).
{{#array}}
  SELECT {{> include 'content.questions.admin_fields' }}
  FROM {{> include 'content.questions.filtered' }}
  {{order_by sort allow='id=q.id, difficulty=q.difficulty' default='id'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
