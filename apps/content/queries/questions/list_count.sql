-- Number of questions matching the list filters (see list.sql).
SELECT count(*) FROM {{> include 'content.questions.filtered' }}
