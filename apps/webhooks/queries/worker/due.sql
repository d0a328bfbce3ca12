-- Due deliveries of the current academy without a live lease (enqueued_at unset or older
-- than `expired`), oldest first, at most as many per endpoint as it has free slots.
-- Params: now, expired (timestamptz), namespace, per_endpoint, limit (int).
-- Index: webhooks_deliveries_due (tenant_id, next_attempt_at) WHERE status = 'pending'.
WITH in_flight AS ({{> include 'webhooks.worker.in_flight' }})
SELECT ranked.id FROM (
  SELECT d.id, d.endpoint_id, d.next_attempt_at,
         row_number() OVER (PARTITION BY d.endpoint_id ORDER BY d.next_attempt_at, d.id) AS n
  FROM webhooks_deliveries d
  WHERE d.status = 'pending' AND d.next_attempt_at <= {{now}}
    AND (d.enqueued_at IS NULL OR d.enqueued_at < {{expired}})
) ranked
LEFT JOIN in_flight f ON f.endpoint_id = ranked.endpoint_id
WHERE ranked.n <= {{int per_endpoint}} - coalesce(f.taken, 0)
ORDER BY ranked.next_attempt_at, ranked.id
LIMIT {{int limit}}
