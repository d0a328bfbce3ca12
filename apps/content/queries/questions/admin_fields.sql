-- Partial: admin columns of a top-level question row aliased q, with choices and sub-questions.
q.id, q.kind, q.stem, q.scenario, q.explanation, q.difficulty, q.topic_id,
(SELECT t.name FROM content_topics t WHERE t.id = q.topic_id) AS topic_name,
{{> array 'content.questions.export_choices' }} AS choices,
{{#array}}
  SELECT s.id, s.kind, s.stem, s.explanation, s.difficulty, s.topic_id,
         (SELECT coalesce(json_agg(json_build_object(
                    'id', ch->>'id', 'text', ch->>'text',
                    'correct', (ch->>'id') = ANY(s.correct_choice_ids)) ORDER BY o.n), '[]'::json)
          FROM jsonb_array_elements(s.choices) WITH ORDINALITY AS o(ch, n)) AS choices
  FROM content_questions s WHERE s.parent_id = q.id ORDER BY s.position, s.id
{{/array}} AS sub_questions
