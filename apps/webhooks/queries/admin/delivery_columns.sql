-- Partial: the columns of a delivery shared by the log and the detail (alias d =
-- webhooks_deliveries); event_id is the event's public id (evt_<hex>, as in the envelope).
-- The log adds the attempt count; the detail the attempts themselves, under "attempts".
d.id, 'evt_' || replace(d.event_id::text, '-', '') AS event_id, d.event_type, d.webhook_id,
d.status, d.last_status_code, d.next_attempt_at, d.delivered_at, d.created_at
