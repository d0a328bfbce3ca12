-- One topic (admin). Params: course_id, topic_id (int). Index: pk.
{{#object}}
  SELECT t.id, t.name, t.weight FROM content_topics t
  WHERE t.id = {{int topic_id}} AND t.course_id = {{int course_id}}
{{/object}}
