-- Installed systems with the current tenant's registration state (paginated).
-- Params: catalogue (json text: manifests), search (text|null), sort, limit, offset.
-- Shape: [{"identifier", "name", "label", "version", "type", "core", "description",
--         "registered", "permissions": [{"action", "description"}]}]
-- Index: systems_registrations_tenant_label_uniq (tenant_id, label).
{{#array}}
  SELECT m.identifier, m.name, m.label, m.version, m.type, m.core, m.description,
         coalesce(r.registered, true) AS registered, m.permissions
  FROM {{> include 'systems.systems.filtered' }}
  {{order_by sort allow='name=m.name, identifier=m.identifier, type=m.type' default='name'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
