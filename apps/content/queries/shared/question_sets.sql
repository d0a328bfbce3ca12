-- Partial for other apps: question sets (RLS) as a relation, without their questions.
-- Columns: id, course_id, title, time_limit_seconds, pass_mark, attempts_allowed.
-- Index: pk.
(SELECT qs.id, qs.course_id, qs.title, qs.time_limit_seconds, qs.pass_mark, qs.attempts_allowed
 FROM content_question_sets qs)
