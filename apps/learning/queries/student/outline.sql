-- Student course outline with the caller's progress: ONE statement for any course size.
-- Params: course_id (int), user_id (int).
-- Shape: {"id", "title", "slug", "summary", "cover_image", "enrollment": {...}|null,
--         "progress": {"completed", "required", "required_completed", "percent"},
--         "last_activity_at", "certificate": {"code", "issued_at", "valid"}|null,
--         "chapters": [{"id", "title", "position", "total", "completed", "percent",
--                       "materials": [{"id", "title", "kind", "position", "required",
--                                      "duration_seconds", "question_set_id", "completed",
--                                      "completed_at", "position_seconds"}]}]}
-- Index: content_chapters_position_uniq, content_materials_position_uniq,
--        learning_progress_uniq (tenant_id, user_id, material_id), learning_enrollments_uniq.
-- Content is read through content.shared.courses, .chapters and .materials.
{{#object}}
  SELECT c.id, c.title, c.slug, c.summary, c.cover_image,
    {{#object}}
      SELECT e.status, e.source, e.enrolled_at, e.expires_at, e.completed_at,
             (e.status = 'active' AND (e.expires_at IS NULL OR e.expires_at > now())) AS current
      FROM learning_enrollments e WHERE e.course_id = c.id AND e.user_id = {{int user_id}}
    {{/object}} AS enrollment,
    (SELECT e.last_activity_at FROM learning_enrollments e
     WHERE e.course_id = c.id AND e.user_id = {{int user_id}}) AS last_activity_at,
    {{#object}}
      SELECT count(d.completed_at) AS completed,
             count(*) FILTER (WHERE m.required) AS required,
             count(d.completed_at) FILTER (WHERE m.required) AS required_completed,
             CASE WHEN count(*) FILTER (WHERE m.required) = 0 THEN 0
                  ELSE round(100.0 * count(d.completed_at) FILTER (WHERE m.required)
                             / count(*) FILTER (WHERE m.required), 1) END AS percent
      FROM {{> include 'content.shared.materials' }} m
      LEFT JOIN (SELECT p.material_id, p.completed_at, p.position_seconds
                 FROM learning_material_progress p
                 WHERE p.user_id = {{int user_id}} AND p.course_id = {{int course_id}}) d
             ON d.material_id = m.id
      WHERE m.course_id = c.id
    {{/object}} AS progress,
    {{#object}}
      SELECT cert.code, cert.issued_at, cert.revoked_at IS NULL AS valid
      FROM learning_certificates cert
      WHERE cert.course_id = c.id AND cert.user_id = {{int user_id}}
    {{/object}} AS certificate,
    {{#array}}
      SELECT ch.id, ch.title, ch.position,
             count(m.id) AS total, count(d.completed_at) AS completed,
             CASE WHEN count(m.id) FILTER (WHERE m.required) = 0 THEN 0
                  ELSE round(100.0 * count(d.completed_at) FILTER (WHERE m.required)
                             / count(m.id) FILTER (WHERE m.required), 1) END AS percent,
             coalesce(json_agg(json_build_object(
               'id', m.id, 'title', m.title, 'kind', m.kind, 'position', m.position,
               'required', m.required, 'duration_seconds', m.duration_seconds,
               'question_set_id', m.question_set_id,
               'completed', d.completed_at IS NOT NULL, 'completed_at', d.completed_at,
               'position_seconds', coalesce(d.position_seconds, 0))
               ORDER BY m.position) FILTER (WHERE m.id IS NOT NULL), '[]'::json) AS materials
      FROM {{> include 'content.shared.chapters' }} ch
      LEFT JOIN {{> include 'content.shared.materials' }} m ON m.chapter_id = ch.id
      LEFT JOIN (SELECT p.material_id, p.completed_at, p.position_seconds
                 FROM learning_material_progress p
                 WHERE p.user_id = {{int user_id}} AND p.course_id = {{int course_id}}) d
             ON d.material_id = m.id
      WHERE ch.course_id = c.id
      -- Every chapter column: through the partial, ch.id no longer implies the others.
      GROUP BY ch.id, ch.title, ch.position
      ORDER BY ch.position
    {{/array}} AS chapters
  FROM {{> include 'content.shared.courses' }} c
  WHERE c.id = {{int course_id}} AND c.published
{{/object}}
