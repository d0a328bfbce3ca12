-- The caller's attempts at one question set, newest first (no answers).
-- Params: set_id (int), user_id (int).
-- Index: learning_attempts_user_idx (tenant_id, user_id, question_set_id).
{{#array}}
  SELECT a.id, a.status, a.started_at, a.deadline_at, a.submitted_at, a.auto_submitted,
         a.score_percent, a.passed
  FROM learning_attempts a
  WHERE a.question_set_id = {{int set_id}} AND a.user_id = {{int user_id}}
  ORDER BY a.started_at DESC, a.id DESC
{{/array}}
