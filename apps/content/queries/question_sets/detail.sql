-- One question set (admin). Params: course_id, set_id (int). Index: pk.
{{#object}}
  SELECT {{> include 'content.question_sets.fields' }}
  FROM content_question_sets qs
  WHERE qs.id = {{int set_id}} AND qs.course_id = {{int course_id}}
{{/object}}
