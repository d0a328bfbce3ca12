-- Groups or roles of the current tenant with how many users each holds, paginated.
-- Params: group, role (bool: the kind, see apps/iam/principals.py); search (text|null),
--         sort, limit, offset.
-- Shape: [{"id", "name", "description", "members" (groups) | "users" (roles), "created_at"}]
-- Index: iam_groups_tenant_name_uniq / iam_roles_tenant_name_uniq (tenant_id, lower(name)).
{{#array}}
  SELECT x.id, x.name, x.description,
         (SELECT count(*) FROM {{> include 'iam.holders.members' }} WHERE m.holder_id = x.id)
           AS {{> include 'iam.holders.members_key' }},
         x.created_at
  FROM {{> include 'iam.holders.filtered' }}
  {{order_by sort allow='name=x.name, created_at=x.created_at' default='name'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
