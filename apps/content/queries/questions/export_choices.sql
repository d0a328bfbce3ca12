-- Partial: a question's choices with correctness flags (admin-only shapes).
-- Params: none; reads q.choices / q.correct_choice_ids of the enclosing row.
SELECT ch->>'id' AS id, ch->>'text' AS text, (ch->>'id') = ANY(q.correct_choice_ids) AS correct
FROM jsonb_array_elements(q.choices) WITH ORDINALITY AS o(ch, n)
ORDER BY o.n
