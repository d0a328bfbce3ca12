-- Number of installed systems matching the list filters (see list.sql).
-- Params: catalogue (json text), search (text|null).
SELECT count(*) FROM {{> include 'systems.systems.filtered' }}
