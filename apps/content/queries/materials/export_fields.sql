-- Partial: the portable columns of a material row aliased m (the export document's shape:
-- no ids or positions; question_set_ref is the source question set id).
m.title, m.kind, m.required, m.video_provider, m.video_ref, m.video_url,
m.duration_seconds, m.body_md AS body, m.file_path, m.file_name, m.file_size,
m.file_content_type, m.question_set_id AS question_set_ref
