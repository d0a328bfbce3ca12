-- Student course page of a published course: description and the syllabus (titles only).
-- Params: course_id (int).
-- Index: pk; content_chapters_position_uniq; content_materials_position_uniq.
{{#object}}
  SELECT c.id, c.title, c.slug, c.summary, c.description_html, c.cover_image, c.tags,
         c.estimated_minutes, c.published_at,
    {{#array}}
      SELECT ch.id, ch.title, ch.position,
        {{#array}}
          SELECT m.id, m.title, m.kind, m.duration_seconds FROM content_materials m
          WHERE m.chapter_id = ch.id ORDER BY m.position
        {{/array}} AS materials
      FROM content_chapters ch WHERE ch.course_id = c.id ORDER BY ch.position
    {{/array}} AS chapters
  FROM content_courses c WHERE c.id = {{int course_id}} AND c.status = 'published'
{{/object}}
