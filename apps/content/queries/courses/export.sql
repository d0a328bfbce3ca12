-- A course as a portable JSON document (import/duplicate read it back); refs are source ids.
-- Params: course_id (int).
-- Shape: {"format", "course": {...}, "topics": [...], "questions": [...],
--         "question_sets": [...], "chapters": [{"title", "materials": [...]}]}
-- Index: content_chapters_position_uniq, content_materials_position_uniq, FKs on course_id.
{{#object}}
  SELECT 'teacherseat.course.v1' AS format,
    json_build_object('title', c.title, 'slug', c.slug, 'summary', c.summary,
                      'description', c.description_md, 'tags', c.tags,
                      'estimated_minutes', c.estimated_minutes,
                      'cover_image', c.cover_image) AS course,
    {{#array}}
      SELECT t.id AS ref, t.name, t.weight FROM content_topics t
      WHERE t.course_id = c.id ORDER BY t.id
    {{/array}} AS topics,
    {{#array}}
      SELECT q.id AS ref, q.kind, q.stem, q.scenario, q.explanation, q.difficulty,
             q.topic_id AS topic_ref,
             {{> array 'content.questions.export_choices' }} AS choices,
             {{#array}}
               SELECT s.id AS ref, s.kind, s.stem, s.explanation, s.difficulty,
                      s.topic_id AS topic_ref,
                      (SELECT coalesce(json_agg(json_build_object(
                                 'id', ch->>'id', 'text', ch->>'text',
                                 'correct', (ch->>'id') = ANY(s.correct_choice_ids))
                               ORDER BY o.n), '[]'::json)
                       FROM jsonb_array_elements(s.choices) WITH ORDINALITY AS o(ch, n)) AS choices
               FROM content_questions s WHERE s.parent_id = q.id ORDER BY s.position, s.id
             {{/array}} AS sub_questions
      FROM content_questions q
      WHERE q.course_id = c.id AND q.parent_id IS NULL ORDER BY q.id
    {{/array}} AS questions,
    {{#array}}
      SELECT qs.id AS ref, qs.title, qs.mode, qs.draw_count, qs.draw_by_topic_weight,
             qs.time_limit_seconds, qs.pass_mark, qs.shuffle, qs.attempts_allowed,
             qs.partial_credit,
             (SELECT coalesce(json_agg(i.question_id ORDER BY i.position), '[]'::json)
              FROM content_question_set_items i WHERE i.question_set_id = qs.id) AS question_refs
      FROM content_question_sets qs WHERE qs.course_id = c.id ORDER BY qs.id
    {{/array}} AS question_sets,
    {{> array 'content.chapters.with_materials' portable=true }} AS chapters
  FROM content_courses c WHERE c.id = {{int course_id}}
{{/object}}
