"""Lambda entry point for an SQS event source: run each message's task, report failures.

The event source mapping delivers a batch of records written by Celery's SQS transport.
With ``SQS_REPORT_BATCH_ITEM_FAILURES=true`` (the mapping configured with
``FunctionResponseTypes: [ReportBatchItemFailures]``) only the records named in
``batchItemFailures`` return to the queue (and reach the dead-letter queue after
``SQS_MAX_RECEIVES``); the others are deleted. Without it (the default: Zappa's event
source cannot set that option, and Lambda would then delete failed records as done) a
batch with any failure raises after every record has run, so the whole batch returns to
the queue and the records that succeeded run again — tasks are idempotent. There is no
worker holding a countdown here: a transient failure simply goes back to SQS and is
retried after the visibility timeout.
"""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)
_ready = False


def _setup() -> None:
    global _ready
    if _ready:
        return
    import django

    django.setup()
    from teacherseat.celery import app

    app.loader.import_default_modules()  # every app's tasks.py
    _ready = True


def handle_sqs(event: dict[str, Any], context: Any = None) -> dict[str, list[dict[str, str]]]:
    _setup()
    from django.db import close_old_connections

    from apps.jobs.runtime import run_message

    failures: list[dict[str, str]] = []
    for record in event.get("Records", []):
        message_id = str(record.get("messageId", ""))
        close_old_connections()
        try:
            run_message(str(record.get("body", "")))
        except Exception:
            logger.exception("message %s failed", message_id)
            failures.append({"itemIdentifier": message_id})
    close_old_connections()
    from django.conf import settings

    if failures and not settings.SQS_REPORT_BATCH_ITEM_FAILURES:
        raise BatchFailed(f"{len(failures)} of {len(event.get('Records', []))} records failed")
    return {"batchItemFailures": failures}


class BatchFailed(RuntimeError):
    """Some records failed and the mapping cannot take a partial answer: retry the batch."""
