-- Partial: slots taken per endpoint right now (endpoint_id, taken), from the advisory locks
-- any session of this database holds (apps/webhooks/slots.py: key = namespace + id*8 + slot).
-- Params: namespace (int).
SELECT ((((l.classid::bigint << 32) | l.objid::bigint) - {{int namespace}}) / 8) AS endpoint_id,
       count(*) AS taken
FROM pg_locks l
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND ((l.classid::bigint << 32) | l.objid::bigint) >= {{int namespace}}
GROUP BY 1
