-- Student catalogue of published courses (paginated).
-- Params: search, tag (text|null), sort, limit, offset.
-- Shape: [{"id", "title", "slug", "summary", "cover_image", "tags", "estimated_minutes",
--          "material_count", "published_at"}]
-- Index: content_courses_status_idx (tenant_id, status).
{{#array}}
  SELECT c.id, c.title, c.slug, c.summary, c.cover_image, c.tags, c.estimated_minutes,
         (SELECT count(*) FROM content_materials m WHERE m.course_id = c.id) AS material_count,
         c.published_at
  FROM {{> include 'content.catalogue.filtered' }}
  {{order_by sort allow='title=c.title, published_at=c.published_at' default='title'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
