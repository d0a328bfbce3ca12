-- One chapter of a course with its materials (admin).
-- Params: course_id (int), chapter_id (int).
-- Shape: {"id", "title", "position", "materials": [...]}
-- Index: pk; content_materials_position_uniq.
{{#object}}
  SELECT ch.id, ch.course_id, ch.title, ch.position,
    {{#array}}
      SELECT {{> include 'content.materials.admin_fields' }}
      FROM content_materials m WHERE m.chapter_id = ch.id ORDER BY m.position
    {{/array}} AS materials
  FROM content_chapters ch
  WHERE ch.id = {{int chapter_id}} AND ch.course_id = {{int course_id}}
{{/object}}
