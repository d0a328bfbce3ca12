-- Partial: courses matching the admin list filters.
-- Params: search (text|null), status (text|null).
content_courses c
WHERE ({{#if search}} c.title ILIKE {{wild search}} OR c.slug ILIKE {{wild search}}
       {{else}} true {{/if}})
  AND ({{#if status}} c.status = {{str status}} {{else}} true {{/if}})
