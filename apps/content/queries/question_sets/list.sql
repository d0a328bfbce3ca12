-- Question sets of a course (admin).
-- Params: course_id (int).
-- Shape: [{"id", "title", "mode", "draw_count", ..., "question_count"}]
-- Index: FK content_question_sets.course_id.
{{#array}}
  SELECT {{> include 'content.question_sets.fields' }}
  FROM content_question_sets qs WHERE qs.course_id = {{int course_id}} ORDER BY qs.id
{{/array}}
