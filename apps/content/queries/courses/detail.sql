-- Admin course document: fields, topics, question sets, chapters with their materials.
-- Params: course_id (int).
-- Shape: {"id", "title", "slug", "status", "summary", "description", "description_html",
--         "cover_image", "tags", "estimated_minutes", "topics": [...],
--         "question_sets": [...], "chapters": [{"id", "title", "position", "materials": [...]}]}
-- Index: pk; content_chapters_position_uniq; content_materials_position_uniq.
{{#object}}
  SELECT c.id, c.title, c.slug, c.status, c.summary, c.description_md AS description,
         c.description_html, c.cover_image, c.tags, c.estimated_minutes, c.created_at,
         c.updated_at, c.published_at,
    {{#array}}
      SELECT t.id, t.name, t.weight FROM content_topics t WHERE t.course_id = c.id ORDER BY t.id
    {{/array}} AS topics,
    {{#array}}
      SELECT qs.id, qs.title, qs.mode FROM content_question_sets qs
      WHERE qs.course_id = c.id ORDER BY qs.id
    {{/array}} AS question_sets,
    {{> array 'content.chapters.with_materials' portable=false }} AS chapters
  FROM content_courses c WHERE c.id = {{int course_id}}
{{/object}}
