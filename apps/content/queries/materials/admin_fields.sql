-- Partial: the admin columns of a material row aliased m (kind-specific fields included).
m.id, m.chapter_id, m.title, m.kind, m.position, m.required, m.video_provider, m.video_ref,
m.video_url, m.duration_seconds, m.body_md AS body, m.body_html, m.file_path, m.file_name,
m.file_size, m.file_content_type, m.question_set_id
