-- One material's content for an enrolled student (NULL: unknown, draft course or not enrolled).
-- Params: material_id (int), user_id (int).
-- Shape: {"id", "course_id", "chapter_id", "title", "kind", "required", "body_html",
--         "video": {...}|null, "file": {...}|null, "quiz": {...}|null,
--         "progress": {"completed", "completed_at", "position_seconds"}}
-- Content is read through content.shared.materials, .courses and .question_sets.
-- Index: pk; learning_enrollments_uniq; learning_progress_uniq.
{{#object}}
  SELECT m.id, m.course_id, m.chapter_id, m.title, m.kind, m.required,
         CASE WHEN m.kind = 'article' THEN m.body_html END AS body_html,
         CASE WHEN m.kind = 'video' THEN json_build_object(
           'provider', m.video_provider, 'ref', m.video_ref, 'url', m.video_url,
           'duration_seconds', m.duration_seconds) END AS video,
         CASE WHEN m.kind = 'file' AND m.has_file THEN json_build_object(
           'name', m.file_name, 'size', m.file_size, 'content_type', m.file_content_type,
           'download_url', '/api/student/learning/materials/' || m.id || '/file') END AS file,
         {{#object}}
           SELECT qs.id, qs.title, qs.time_limit_seconds, qs.pass_mark, qs.attempts_allowed,
                  (SELECT count(*) FROM learning_attempts a
                   WHERE a.question_set_id = qs.id AND a.user_id = {{int user_id}}) AS attempts_used,
                  (SELECT max(a.score_percent) FROM learning_attempts a
                   WHERE a.question_set_id = qs.id AND a.user_id = {{int user_id}}) AS best_score
           FROM {{> include 'content.shared.question_sets' }} qs WHERE qs.id = m.question_set_id
         {{/object}} AS quiz,
         json_build_object('completed', p.completed_at IS NOT NULL,
                           'completed_at', p.completed_at,
                           'position_seconds', coalesce(p.position_seconds, 0)) AS progress
  FROM {{> include 'content.shared.materials' }} m
  JOIN {{> include 'content.shared.courses' }} c ON c.id = m.course_id AND c.published
  JOIN learning_enrollments e ON e.course_id = m.course_id AND e.user_id = {{int user_id}}
       AND e.status = 'active' AND (e.expires_at IS NULL OR e.expires_at > now())
  LEFT JOIN learning_material_progress p ON p.material_id = m.id AND p.user_id = {{int user_id}}
  WHERE m.id = {{int material_id}}
{{/object}}
