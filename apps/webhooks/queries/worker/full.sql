-- Which of the given endpoints have every slot taken (one row each: endpoint_id).
-- Params: namespace (int), endpoint_ids (int[]), per_endpoint (int). Reads pg_locks only.
SELECT f.endpoint_id
FROM ({{> include 'webhooks.worker.in_flight' }}) f
WHERE f.endpoint_id = ANY({{arr endpoint_ids}}) AND f.taken >= {{int per_endpoint}}
