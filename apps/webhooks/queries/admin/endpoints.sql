-- Every endpoint of the academy (admin), oldest first, as {"items": [endpoint]}.
-- Params: none. Index: webhooks_endpoints_enabled (tenant_id, …); at most 50 rows.
{{#object}}
  SELECT {{#array}}
    {{> include 'webhooks.admin.endpoint_select' }}
    ORDER BY e.created_at, e.id
  {{/array}} AS items
{{/object}}
