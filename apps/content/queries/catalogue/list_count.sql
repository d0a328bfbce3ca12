-- Number of published courses matching the catalogue filters (see list.sql).
SELECT count(*) FROM {{> include 'content.catalogue.filtered' }}
