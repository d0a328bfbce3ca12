-- One top-level question (admin) with choices, correct flags and sub-questions.
-- Params: course_id, question_id (int). Index: pk.
{{#object}}
  SELECT {{> include 'content.questions.admin_fields' }}
  FROM content_questions q
  WHERE q.id = {{int question_id}} AND q.course_id = {{int course_id}} AND q.parent_id IS NULL
{{/object}}
