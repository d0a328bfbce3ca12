-- One page of an endpoint's delivery log (admin), newest first, as {"items", "next"}.
-- next is the cursor of the following (older) page: the last item's id, or NULL.
-- Params: endpoint_id (int), status (text|null), event_type (text|null),
--         before (int|null: only ids below it), limit (int, at most 100).
-- Index: webhooks_deliveries_log / _status / _type (endpoint_id, [status|event_type,] id DESC).
{{#object}}
  WITH page AS (
    SELECT {{> include 'webhooks.admin.delivery_columns' }}, d.attempts
    FROM webhooks_deliveries d
    WHERE d.endpoint_id = {{int endpoint_id}}
      AND ({{#if status}} d.status = {{str status}} {{else}} true {{/if}})
      AND ({{#if event_type}} d.event_type = {{str event_type}} {{else}} true {{/if}})
      AND ({{#if before}} d.id < {{int before}} {{else}} true {{/if}})
    ORDER BY d.id DESC
    LIMIT {{int limit}} + 1
  ), shown AS (
    SELECT * FROM page ORDER BY id DESC LIMIT {{int limit}}
  )
  SELECT (SELECT coalesce(json_agg(shown ORDER BY shown.id DESC), '[]'::json) FROM shown)
           AS items,
         CASE WHEN (SELECT count(*) FROM page) > {{int limit}}
              THEN (SELECT min(id) FROM shown)::text END AS next
{{/object}}
