-- Partial: published courses matching the catalogue filters.
-- Params: search (text|null), tag (text|null).
content_courses c
WHERE c.status = 'published'
  AND ({{#if search}} (c.title ILIKE {{wild search}} OR c.summary ILIKE {{wild search}})
       {{else}} true {{/if}})
  AND ({{#if tag}} {{str tag}} = ANY(c.tags) {{else}} true {{/if}})
