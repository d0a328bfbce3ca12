-- One delivery (admin) with the event it carries (payload: the standard envelope) and
-- every attempt, oldest first; NULL when it is not there (another academy's).
-- Params: delivery_id (int). Index: pk; webhooks_attempts_delivery (delivery_id, started_at).
{{#object}}
  SELECT {{> include 'webhooks.admin.delivery_columns' }}, d.endpoint_id,
         json_build_object(
           'type', d.event_type,
           'timestamp', to_char(d.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           'data', d.payload
         ) AS payload,
         {{#array}}
           SELECT a.id, a.started_at, a.status_code, a.latency_ms,
                  nullif(a.error, '') AS error, a.response_headers, a.response_body
           FROM webhooks_attempts a
           WHERE a.delivery_id = d.id
           ORDER BY a.started_at, a.id
         {{/array}} AS attempts
  FROM webhooks_deliveries d
  WHERE d.id = {{int delivery_id}}
{{/object}}
