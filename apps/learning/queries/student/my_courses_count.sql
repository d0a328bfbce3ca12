-- Number of the caller's courses (see my_courses.sql).
SELECT count(*) FROM {{> include 'learning.student.my_courses_filtered' }}
