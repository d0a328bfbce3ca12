-- The IAM audit log, newest first by default, paginated.
-- Params: the filters of filtered.sql, sort, limit, offset.
-- Shape: [{"id","at","actor":{"id","email"},"action","target","outcome","system",
--          "request_id","details","ip"}]
-- Index: iam_audit_at_idx (tenant_id, at DESC).
{{#array}}
  SELECT e.id, e.at, json_build_object('id', e.actor_id, 'email', e.actor_email) AS actor,
         e.action, e.target, e.outcome, e.system, e.request_id, e.details,
         host(e.ip) AS ip
  FROM {{> include 'iam.audit.filtered' }}
  {{order_by sort allow='at=e.at, action=e.action' default='-at'}}
  LIMIT {{int limit}} OFFSET {{int offset}}
{{/array}}
