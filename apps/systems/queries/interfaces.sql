-- Interfaces (screen bundles) of one panel for the systems registered for the current tenant.
-- Params: bundles (json text: [{"label", "url", "routes"}], the panel's built bundles of
--         installed systems whose manifest declares an interface for this panel).
-- Shape: [{"system": str, "url": str, "routes": [str]}], sorted by system.
-- Index: systems_registrations_tenant_label_uniq (tenant_id, label); RLS scopes the join.
{{#array}}
  SELECT b.label AS system, b.url, b.routes
  FROM json_to_recordset({{str bundles}}::json) AS b(label text, url text, routes json)
  LEFT JOIN systems_registrations r ON r.label = b.label
  WHERE coalesce(r.registered, true)
  ORDER BY b.label
{{/array}}
