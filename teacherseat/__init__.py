"""TeacherSeat project package: settings, root URLs, WSGI/ASGI, the Celery app and tooling."""
