-- Roles of the current tenant with their assignment counts, paginated.
-- Params: search (text|null), sort, limit, offset.
-- Shape: [{"id", "name", "description", "users", "created_at"}]
-- Index: iam_roles_tenant_name_uniq (tenant_id, lower(name)).
{{#array}}
  SELECT x.id, x.name, x.description,
         (SELECT count(*) FROM iam_role_assignments a WHERE a.role_id = x.id) AS users,
         x.created_at
  FROM {{> include 'iam.roles.filtered' }}
  {{order_by sort allow='name=x.name, created_at=x.created_at' default='name'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
