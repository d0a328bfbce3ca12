-- Partial (use with "array"): the chapters of the course row aliased c, in order, each with
-- its materials in order. Params: portable (bool): the export document's shape (titles and
-- content.materials.export_fields) instead of the admin one (ids, positions and
-- content.materials.admin_fields).
-- Index: content_chapters_position_uniq; content_materials_position_uniq.
SELECT {{#if portable}} ch.title, {{else}} ch.id, ch.title, ch.position, {{/if}}
  {{#array}}
    SELECT {{#if portable}} {{> include 'content.materials.export_fields' }}
           {{else}} {{> include 'content.materials.admin_fields' }} {{/if}}
    FROM content_materials m WHERE m.chapter_id = ch.id ORDER BY m.position
  {{/array}} AS materials
FROM content_chapters ch WHERE ch.course_id = c.id ORDER BY ch.position
