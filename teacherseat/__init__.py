"""TeacherSeat project package: settings, root URLs, WSGI/ASGI and local tooling."""
