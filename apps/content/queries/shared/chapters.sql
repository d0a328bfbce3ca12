-- Partial for other apps: chapters (RLS) as a relation.
-- Columns: id, course_id, title, position (1..n within the course).
-- Index: content_chapters_position_uniq (tenant_id, course_id, position).
(SELECT ch.id, ch.course_id, ch.title, ch.position FROM content_chapters ch)
