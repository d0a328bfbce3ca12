-- Partial for other apps: the academy's courses (RLS) as a relation, whatever their status.
-- Columns: id, title, slug, summary, cover_image, published (bool: students may see it).
-- Use it aliased, e.g. "FROM <include 'content.shared.courses'> c WHERE c.published".
-- Index: pk; content_courses_status_idx (tenant_id, status).
(SELECT c.id, c.title, c.slug, c.summary, c.cover_image, c.status = 'published' AS published
 FROM content_courses c)
