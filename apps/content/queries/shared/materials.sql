-- Partial for other apps: materials (RLS) as a relation, with what learners see of them.
-- Columns: id, course_id, chapter_id, position, title, kind, required, body_html,
--   video_provider, video_ref, video_url, duration_seconds, has_file (bool), file_name,
--   file_size, file_content_type, question_set_id. The storage key is not exposed.
-- Index: content_materials_position_uniq (tenant_id, chapter_id, position);
--        content_materials_course_idx (tenant_id, course_id).
(SELECT m.id, m.course_id, m.chapter_id, m.position, m.title, m.kind, m.required, m.body_html,
        m.video_provider, m.video_ref, m.video_url, m.duration_seconds,
        m.file_path <> '' AS has_file, m.file_name, m.file_size, m.file_content_type,
        m.question_set_id
 FROM content_materials m)
