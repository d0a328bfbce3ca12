-- Groups of the current tenant with their member counts, paginated.
-- Params: search (text|null), sort, limit, offset.
-- Shape: [{"id", "name", "description", "members", "created_at"}]
-- Index: iam_groups_tenant_name_uniq (tenant_id, lower(name)).
{{#array}}
  SELECT x.id, x.name, x.description,
         (SELECT count(*) FROM iam_group_memberships m WHERE m.group_id = x.id) AS members,
         x.created_at
  FROM {{> include 'iam.groups.filtered' }}
  {{order_by sort allow='name=x.name, created_at=x.created_at' default='name'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
