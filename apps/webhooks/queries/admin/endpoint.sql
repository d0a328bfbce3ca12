-- One endpoint of the academy (admin); NULL when it is not there (another academy's).
-- Params: endpoint_id (int). Index: pk.
{{#object}}
  {{> include 'webhooks.admin.endpoint_select' }}
  WHERE e.id = {{int endpoint_id}}
{{/object}}
