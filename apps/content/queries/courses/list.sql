-- Admin course list (paginated).
-- Params: search, status (text|null), sort, limit, offset.
-- Shape: [{"id", "title", "slug", "status", "summary", "tags", "estimated_minutes",
--          "chapter_count", "material_count", "created_at", "updated_at", "published_at"}]
-- Index: content_courses_status_idx (tenant_id, status); FK indexes for the counts.
{{#array}}
  SELECT c.id, c.title, c.slug, c.status, c.summary, c.tags, c.estimated_minutes,
         (SELECT count(*) FROM content_chapters ch WHERE ch.course_id = c.id) AS chapter_count,
         (SELECT count(*) FROM content_materials m WHERE m.course_id = c.id) AS material_count,
         c.created_at, c.updated_at, c.published_at
  FROM {{> include 'content.courses.filtered' }}
  {{order_by sort allow='title=c.title, created_at=c.created_at, updated_at=c.updated_at, status=c.status' default='-updated_at'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
