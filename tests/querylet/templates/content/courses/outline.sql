-- Course outline with its lessons, as one JSON document.
{{#object}}
  SELECT c.id, c.title,
    {{> object 'content.shared.author' author_id={{int course_author}} }} AS author,
    {{#array}}
      SELECT l.id, l.title FROM lessons l
      WHERE l.course_id = c.id AND l.title ILIKE {{wild search}}
      {{order_by sort allow='title=l.title, position=l.position' default='position'}}
      {{> include 'content.shared.paginate' per_page=20 page={{int page}} }}
    {{/array}} AS lessons
  FROM courses c
  WHERE c.id = {{int course_id}}
{{/object}}
