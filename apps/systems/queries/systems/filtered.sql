-- Partial: the catalogue as rows joined with registration state, filtered by search.
json_to_recordset({{str catalogue}}::json)
  AS m(identifier text, name text, label text, version text, type text, core boolean,
       description text, permissions json)
LEFT JOIN systems_registrations r ON r.label = m.label
WHERE {{#if search}} (m.name ILIKE {{wild search}} OR m.identifier ILIKE {{wild search}})
      {{else}} true {{/if}}
