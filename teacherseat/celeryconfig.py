"""Celery settings derived from Django settings (read lazily, on the app's first use)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from teacherseat.queues import DEFAULT_QUEUE, queue_name, queues


def _broker_url(endpoint: str) -> str:
    """``sqs://`` naming the endpoint's host (kombu builds the endpoint from it); the
    credentials come from boto3's chain (the Lambda role, or the environment locally)."""
    if not endpoint:
        return "sqs://"
    parts = urlsplit(endpoint)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return f"sqs://@{parts.hostname}:{port}"


broker_url = _broker_url(settings.SQS_ENDPOINT_URL)
broker_transport_options: dict[str, Any] = {
    "region": settings.AWS_REGION,
    "is_secure": not settings.SQS_ENDPOINT_URL.startswith("http://"),
    "predefined_queues": {queue_name(q.name): {"url": q.url} for q in queues()},
    "visibility_timeout": settings.SQS_VISIBILITY_TIMEOUT,
    "wait_time_seconds": settings.SQS_WAIT_TIME_SECONDS,
    "polling_interval": 0.1,
}
broker_connection_retry_on_startup = True
task_default_queue = queue_name(DEFAULT_QUEUE)
task_routes = {"webhooks.*": {"queue": queue_name("webhooks")}}
task_serializer = "json"
accept_content = ["json"]
task_ignore_result = True
# A message is acknowledged (deleted) only after its task finished; a worker killed mid-task
# leaves it to come back after the visibility timeout.
task_acks_late = True
task_reject_on_worker_lost = True
worker_prefetch_multiplier = 4
worker_hijack_root_logger = False
worker_send_task_events = False
timezone = "UTC"
# Locally the worker's beat runs these; on Lambda, Zappa schedules (zappa_settings.json).
beat_schedule = {
    "events-sweep": {"task": "events.sweep", "schedule": float(settings.EVENTS_SWEEP_SECONDS)},
    "webhooks-sweep": {
        "task": "webhooks.sweep",
        "schedule": float(settings.EVENTS_SWEEP_SECONDS),
    },
    "webhooks-purge": {"task": "webhooks.purge", "schedule": 24 * 3600.0},
    "events-purge": {"task": "events.purge", "schedule": 24 * 3600.0},
}
# Celery's Django fix-up closes every database connection before and after each task unless
# this is set; a worker then spends most of a short task reconnecting. We keep connections
# (``DB_CONN_MAX_AGE``) and close only unusable or obsolete ones around each task instead
# (teacherseat.celery). Read by the fix-up under this exact name.
CELERY_DB_REUSE_MAX = 1_000_000_000
