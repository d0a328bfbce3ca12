-- One material (admin view, all kind-specific fields).
-- Params: course_id (int), material_id (int).
-- Index: pk.
{{#object}}
  SELECT {{> include 'content.materials.admin_fields' }}
  FROM content_materials m
  WHERE m.id = {{int material_id}} AND m.course_id = {{int course_id}}
{{/object}}
