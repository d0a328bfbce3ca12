-- Partial: admin columns of a question set aliased qs.
qs.id, qs.title, qs.mode, qs.draw_count, qs.draw_by_topic_weight, qs.time_limit_seconds,
qs.pass_mark, qs.shuffle, qs.attempts_allowed, qs.partial_credit,
(SELECT coalesce(json_agg(i.question_id ORDER BY i.position), '[]'::json)
 FROM content_question_set_items i WHERE i.question_set_id = qs.id) AS question_ids
