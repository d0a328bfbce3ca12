-- Managed policies with attachment counts, paginated.
-- Params: search (text|null), managed (bool|null), sort, limit, offset.
-- Shape: [{"id","name","description","system_managed","default_version","attachments",
--          "created_at","updated_at"}]
-- Index: iam_policies_tenant_name_uniq (tenant_id, lower(name)).
{{#array}}
  SELECT p.id, p.name, p.description, p.system_managed, p.default_version,
         (SELECT count(*) FROM iam_policy_attachments a WHERE a.policy_id = p.id) AS attachments,
         p.created_at, p.updated_at
  FROM {{> include 'iam.policies.filtered' }}
  {{order_by sort allow='name=p.name, created_at=p.created_at, updated_at=p.updated_at' default='name'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
