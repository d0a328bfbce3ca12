-- The audit trail as rows for a CSV export, newest first, at most `limit` rows.
-- Params: the filters of filtered.sql, limit (int).
-- Index: iam_audit_at_idx (tenant_id, at DESC).
SELECT e.at, e.actor_email, e.action, e.target, e.outcome, e.system, e.request_id,
       host(e.ip) AS ip, e.details::text AS details
FROM {{> include 'iam.audit.filtered' }}
ORDER BY e.at DESC, e.id DESC
LIMIT {{int limit}}
