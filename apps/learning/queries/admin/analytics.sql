-- Course analytics: enrolled, active in the last 7 days, completion rate, average score and
-- per-topic score over submitted attempts.
-- Params: course_id (int).
-- Reads the course through content.shared.courses.
-- Index: learning_enroll_course_idx; FK learning_attempts.course_id.
{{#object}}
  SELECT c.id AS course_id, c.title,
         (SELECT count(*) FROM learning_enrollments e
          WHERE e.course_id = c.id AND e.status = 'active') AS enrolled,
         (SELECT count(*) FROM learning_enrollments e
          WHERE e.course_id = c.id AND e.last_activity_at >= now() - interval '7 days')
           AS active_7d,
         (SELECT CASE WHEN count(*) = 0 THEN 0
                      ELSE round(100.0 * count(e.completed_at) / count(*), 1) END
          FROM learning_enrollments e WHERE e.course_id = c.id AND e.status <> 'revoked')
           AS completion_rate,
         (SELECT count(*) FROM learning_attempts a
          WHERE a.course_id = c.id AND a.status = 'submitted') AS submitted_attempts,
         (SELECT round(avg(a.score_percent), 2) FROM learning_attempts a
          WHERE a.course_id = c.id AND a.status = 'submitted') AS average_score,
         {{#array}}
           SELECT i.topic_id, nullif(i.topic_name, '') AS topic_name, count(*) AS answers,
                  round(100.0 * avg(i.score)::numeric, 2) AS average_score
           FROM learning_attempt_items i JOIN learning_attempts a ON a.id = i.attempt_id
           WHERE a.course_id = c.id AND a.status = 'submitted'
           GROUP BY i.topic_id, i.topic_name ORDER BY i.topic_name
         {{/array}} AS topics
  FROM {{> include 'content.shared.courses' }} c WHERE c.id = {{int course_id}}
{{/object}}
