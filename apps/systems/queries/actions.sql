-- The action catalogue for policy authors: every installed system's actions with their
-- descriptions and per-action condition keys, each system's registration state for the
-- current tenant, and the request-wide condition keys every action gets.
-- Params: catalogue (json text: [{"label", "identifier", "name", "actions": [{"action",
--         "description", "condition_keys": [{"key", "type", "description"}]}]}]),
--         global_keys (json text: [{"key", "type", "description"}]).
-- Shape: {"systems": [{"system", "identifier", "name", "registered", "actions": [...]}],
--         "global_condition_keys": [{"key", "type", "description"}]}, systems by label.
-- Index: systems_registrations_tenant_label_uniq (tenant_id, label); RLS scopes the join.
{{#object}}
  SELECT
    (SELECT coalesce(json_agg(json_build_object(
              'system', m.label, 'identifier', m.identifier, 'name', m.name,
              'registered', coalesce(r.registered, true), 'actions', m.actions
            ) ORDER BY m.label), '[]'::json)
     FROM json_to_recordset({{str catalogue}}::json)
            AS m(label text, identifier text, name text, actions json)
     LEFT JOIN systems_registrations r ON r.label = m.label) AS systems,
    {{str global_keys}}::json AS global_condition_keys
{{/object}}
