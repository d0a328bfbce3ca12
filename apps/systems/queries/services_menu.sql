-- Services menu for the admin panel: menu entries of systems registered for the current
-- tenant whose required permission the caller holds, grouped by category.
-- Params: catalogue (json text: installed manifests), permissions (text[]: menu permissions
--         the caller is allowed).
-- Shape: [{"category": str, "entries": [{"system", "identifier", "name", "path", "icon",
--         "permission"}]}], categories and entries sorted by name.
-- Index: systems_registrations_tenant_label_uniq (tenant_id, label); RLS scopes the join.
{{#array}}
  SELECT e.category,
         json_agg(json_build_object(
           'system', e.label, 'identifier', e.identifier, 'name', e.name,
           'path', e.path, 'icon', e.icon, 'permission', e.permission
         ) ORDER BY e.name) AS entries
  FROM (
    SELECT m.label, m.identifier, item.*
    FROM json_to_recordset({{str catalogue}}::json)
           AS m(label text, identifier text, menu json)
    CROSS JOIN LATERAL json_to_recordset(m.menu)
           AS item(name text, path text, icon text, category text, permission text)
    LEFT JOIN systems_registrations r ON r.label = m.label
    WHERE coalesce(r.registered, true)
      AND item.permission = ANY({{arr permissions}})
  ) e
  GROUP BY e.category
  ORDER BY e.category
{{/array}}
