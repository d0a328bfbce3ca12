"""The Celery application: SQS broker with predefined queues, tasks from each app's tasks.py.

Workers run ``celery -A teacherseat worker`` (``make run`` starts one); on Lambda an SQS
event source calls :func:`teacherseat.lambda_worker.handle_sqs` instead. Messages are
JSON; tasks take ids and run under the tenant passed explicitly (apps.core.jobs).
Configuration is read from Django settings by :mod:`teacherseat.celeryconfig`.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")

app = Celery("teacherseat")
app.config_from_object("teacherseat.celeryconfig")
app.autodiscover_tasks()
