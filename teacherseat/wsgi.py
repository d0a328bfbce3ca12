"""WSGI entry point (local servers and Zappa on AWS Lambda)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
application = get_wsgi_application()
