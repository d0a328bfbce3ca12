"""The Celery application: SQS broker with predefined queues, tasks from each app's tasks.py.

Workers run ``celery -A teacherseat worker`` (``make run`` starts one); on Lambda an SQS
event source calls :func:`teacherseat.lambda_worker.handle_sqs` instead. Messages are
JSON; tasks take ids and run under the tenant passed explicitly (apps.core.jobs).
Configuration is read from Django settings by :mod:`teacherseat.celeryconfig`.
"""

from __future__ import annotations

import os
from typing import Any

from celery import Celery
from celery.signals import task_postrun, task_prerun
from django.db import close_old_connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")

app = Celery("teacherseat")
app.config_from_object("teacherseat.celeryconfig")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _recycle_connections(task: Any = None, **kwargs: Any) -> None:
    """What Django does around a request: drop connections that broke (a database restart)
    or outlived ``CONN_MAX_AGE``; keep the rest for the next task on this thread. Not for a
    task run in-process (``apply``: the Lambda consumer, the tests), whose caller owns the
    connection and may be inside a transaction."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    close_old_connections()
