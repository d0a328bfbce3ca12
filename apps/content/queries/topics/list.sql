-- Topics of a course with their weights and question counts (admin).
-- Params: course_id (int).
-- Shape: [{"id", "name", "weight", "question_count"}]
-- Index: content_topics_name_uniq (tenant_id, course_id, name).
{{#array}}
  SELECT t.id, t.name, t.weight,
         (SELECT count(*) FROM content_questions q WHERE q.topic_id = t.id) AS question_count
  FROM content_topics t WHERE t.course_id = {{int course_id}} ORDER BY t.name
{{/array}}
