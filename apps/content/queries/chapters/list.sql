-- Chapters of a course in order with material counts (admin).
-- Params: course_id (int).
-- Shape: [{"id", "title", "position", "material_count"}]
-- Index: content_chapters_position_uniq (tenant_id, course_id, position).
{{#array}}
  SELECT ch.id, ch.title, ch.position,
         (SELECT count(*) FROM content_materials m WHERE m.chapter_id = ch.id) AS material_count
  FROM content_chapters ch WHERE ch.course_id = {{int course_id}} ORDER BY ch.position
{{/array}}
