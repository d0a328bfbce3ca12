SELECT u.id, u.name FROM users u WHERE u.id = {{author_id}}
