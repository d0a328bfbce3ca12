-- Partial: SELECT … FROM of endpoints as the admin API shows them (alias e), with their
-- delivery counts by status (stats). The secret is never read here, only its hint.
-- Index: webhooks_deliveries_status (endpoint_id, status, id DESC) for the counts.
SELECT e.id, e.url, e.description, e.event_types, e.format, e.headers, e.enabled,
       nullif(e.disabled_reason, '') AS disabled_reason, e.disabled_at, e.failing_since,
       e.secret_hint, e.previous_expires_at, e.created_at, e.updated_at,
       json_build_object('succeeded', s.succeeded, 'failed', s.failed, 'pending', s.pending)
         AS stats
FROM webhooks_endpoints e
CROSS JOIN LATERAL (
  SELECT count(*) FILTER (WHERE d.status = 'succeeded') AS succeeded,
         count(*) FILTER (WHERE d.status = 'failed') AS failed,
         count(*) FILTER (WHERE d.status = 'pending') AS pending
  FROM webhooks_deliveries d
  WHERE d.endpoint_id = e.id
) s
