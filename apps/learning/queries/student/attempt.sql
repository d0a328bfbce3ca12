-- One of the caller's attempts. Correct answers, explanations, scores and the per-topic
-- breakdown appear ONLY once the attempt is submitted.
-- Params: attempt_id (int), user_id (int).
-- Shape: {"id", "question_set": {...}, "status", "started_at", "deadline_at", "submitted_at",
--         "auto_submitted", "answered", "total", "result": {...}|null,
--         "items": [{"position", "kind", "stem", "scenario", "choices", "selected_choice_ids",
--                    "flagged", "topic_name", + after submit: "correct_choice_ids",
--                    "explanation", "score", "is_correct"}]}
-- The question set is read through content.shared.question_sets.
-- Index: pk; learning_items_uniq (tenant_id, attempt_id, position).
{{#object}}
  SELECT a.id, a.status, a.started_at, a.deadline_at, a.submitted_at, a.auto_submitted,
         json_build_object('id', qs.id, 'title', qs.title, 'course_id', a.course_id,
                           'pass_mark', a.pass_mark, 'partial_credit', a.partial_credit,
                           'time_limit_seconds', qs.time_limit_seconds) AS question_set,
         (SELECT count(*) FROM learning_attempt_items i
          WHERE i.attempt_id = a.id AND i.selected_choice_ids IS NOT NULL) AS answered,
         (SELECT count(*) FROM learning_attempt_items i WHERE i.attempt_id = a.id) AS total,
         CASE WHEN a.status = 'submitted' THEN json_build_object(
           'score_percent', a.score_percent, 'passed', a.passed,
           'correct', (SELECT count(*) FROM learning_attempt_items i
                       WHERE i.attempt_id = a.id AND i.score = 1),
           'topics', {{#array}}
              SELECT i.topic_id, nullif(i.topic_name, '') AS topic_name, count(*) AS questions,
                     round(sum(i.score)::numeric, 2) AS points,
                     round(100.0 * sum(i.score)::numeric / count(*), 2) AS percent
              FROM learning_attempt_items i WHERE i.attempt_id = a.id
              GROUP BY i.topic_id, i.topic_name ORDER BY i.topic_name
           {{/array}}) END AS result,
         (SELECT coalesce(jsonb_agg(
                   jsonb_build_object(
                     'position', i.position, 'kind', i.kind, 'stem', i.stem,
                     'scenario', nullif(i.scenario, ''), 'choices', i.choices,
                     'selected_choice_ids', coalesce(i.selected_choice_ids, '[]'::jsonb),
                     'flagged', i.flagged, 'topic_name', nullif(i.topic_name, ''))
                   || CASE WHEN a.status = 'submitted' THEN jsonb_build_object(
                        'correct_choice_ids', i.correct_choice_ids,
                        'explanation', i.explanation, 'score', i.score,
                        'is_correct', i.score = 1)
                      ELSE '{}'::jsonb END
                   ORDER BY i.position), '[]'::jsonb)
          FROM learning_attempt_items i WHERE i.attempt_id = a.id) AS items
  FROM learning_attempts a
  JOIN {{> include 'content.shared.question_sets' }} qs ON qs.id = a.question_set_id
  WHERE a.id = {{int attempt_id}} AND a.user_id = {{int user_id}}
{{/object}}
