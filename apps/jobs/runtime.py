"""How apps define and send background work (Celery over SQS).

- :func:`tenant_task` turns ``func(*, tenant_id, **ids)`` into a Celery task that runs
  inside that tenant's transaction (``with_tenant``), acks late, has time limits, and is
  retried with exponential backoff and jitter on transient errors (a dropped database
  connection, :class:`Transient`). :func:`system_task` is the same without a tenant, for
  housekeeping that walks every academy itself.
- :func:`enqueue` sends a task by name *after the current transaction commits* (at once
  outside a transaction), so a rolled-back change never leaves a job behind and a job never
  runs before the rows it reads are visible. Arguments are JSON values: ids, never objects.
- :func:`run_message` runs one message body taken from SQS: the Lambda consumer
  (``teacherseat.lambda_worker``) and the tests' in-process runner use it.

Tasks must be idempotent: SQS delivers at least once, and a task killed mid-way runs again.
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import random
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from functools import partial
from typing import Any, TypeVar

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError, transaction

from apps.core.after_response import run_after_response
from apps.tenants.context import with_tenant

logger = logging.getLogger(__name__)

# Seconds: a task past SOFT gets SoftTimeLimitExceeded (it may clean up), past HARD it is
# killed. SQS_VISIBILITY_TIMEOUT must exceed the largest HARD limit of any task.
DEFAULT_TIME_LIMIT = 60
HARD_TIME_LIMIT = 300
MAX_RETRIES = 8
MAX_BACKOFF_SECONDS = 60.0

JsonValue = str | int | float | bool | None | list[Any] | dict[str, Any]
F = TypeVar("F", bound=Callable[..., Any])

# True while a task body runs inside the Lambda consumer (no worker to hold a countdown:
# a transient failure is reported back to SQS, which redelivers after the visibility timeout).
_in_consumer: ContextVar[bool] = ContextVar("in_consumer", default=False)


class Transient(Exception):
    """Raise from a task for a failure worth retrying (a remote service is down…)."""


TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, Transient)


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with full jitter: up to 1, 2, 4 … 60 s."""
    ceiling: float = min(MAX_BACKOFF_SECONDS, 2.0**retries)
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not a secret


def _define(
    name: str, *, tenant: bool, time_limit: int, max_retries: int
) -> Callable[[Callable[..., Any]], Task]:
    if time_limit > HARD_TIME_LIMIT:
        raise ValueError(f"{name}: time_limit above HARD_TIME_LIMIT ({HARD_TIME_LIMIT}s)")

    def decorate(func: Callable[..., Any]) -> Task:
        body = with_tenant(func) if tenant else func

        def run(self: Task, **kwargs: Any) -> Any:
            try:
                return body(**kwargs)
            except TRANSIENT_ERRORS as exc:
                if _in_consumer.get() or self.request.called_directly:
                    raise
                logger.warning("task %s failed (%s), retrying", name, exc)
                raise self.retry(exc=exc, countdown=backoff_seconds(self.request.retries)) from exc

        run.__name__ = func.__name__
        run.__doc__ = func.__doc__
        task: Task = shared_task(
            name=name,
            bind=True,
            acks_late=True,
            reject_on_worker_lost=True,
            max_retries=max_retries,
            time_limit=time_limit,
            soft_time_limit=max(1, time_limit - 5),
        )(run)
        return task

    return decorate


def tenant_task(
    name: str, *, time_limit: int = DEFAULT_TIME_LIMIT, max_retries: int = MAX_RETRIES
) -> Callable[[Callable[..., Any]], Task]:
    """A task run inside the tenant named by its ``tenant_id`` keyword argument."""
    return _define(name, tenant=True, time_limit=time_limit, max_retries=max_retries)


def system_task(
    name: str, *, time_limit: int = DEFAULT_TIME_LIMIT, max_retries: int = MAX_RETRIES
) -> Callable[[Callable[..., Any]], Task]:
    """A task with no tenant of its own (it walks the academies itself)."""
    return _define(name, tenant=False, time_limit=time_limit, max_retries=max_retries)


def enqueue(name: str, /, **kwargs: JsonValue) -> None:
    """Send task ``name`` with keyword arguments once the current transaction commits.

    In a request the message is published after the response has been sent (the request
    does not wait on the broker); elsewhere at once after the commit.
    """
    json.dumps(kwargs)  # fail here, in the caller, on a value that is not JSON
    # A broker failure at that moment is logged and the job lost; work that must survive
    # one goes through the outbox (apps.events), which the sweeper republishes.
    transaction.on_commit(partial(run_after_response, partial(send_now, name, kwargs)))


def send_now(name: str, kwargs: Mapping[str, Any], *, countdown: float | None = None) -> None:
    """Publish at once (the outbox relay and the sweeper; everything else uses enqueue)."""
    from teacherseat.celery import app

    app.send_task(name, kwargs=dict(kwargs), countdown=countdown)


class BadMessage(ValueError):
    """An SQS message that is not a Celery task message of this project."""


def decode_message(body: str) -> tuple[str, list[Any], dict[str, Any], str]:
    """(task name, args, kwargs, task id) of one message as kombu's SQS transport wrote it:
    base64 of a JSON envelope whose ``body`` is base64 JSON ``[args, kwargs, embed]``."""
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        raw = body.encode()
    try:
        envelope = json.loads(raw)
        headers = envelope["headers"]
        payload = envelope["body"]
        if envelope.get("properties", {}).get("body_encoding") == "base64":
            payload = base64.b64decode(payload)
        args, kwargs, _embed = json.loads(payload)
        return str(headers["task"]), list(args), dict(kwargs), str(headers.get("id", ""))
    except (ValueError, KeyError, TypeError) as exc:
        raise BadMessage(str(exc)) from exc


def run_message(body: str) -> None:
    """Run the task one SQS message carries, in this process. Raises when the task failed
    (the message must go back to the queue); returns when it is done (delete it)."""
    from teacherseat.celery import app

    name, args, kwargs, task_id = decode_message(body)
    if name not in app.tasks:
        app.loader.import_default_modules()  # every app's tasks.py, once
    if name not in app.tasks:
        raise BadMessage(f"unknown task {name!r}")
    task = app.tasks[name]
    token = _in_consumer.set(True)
    try:
        task.apply(args=args, kwargs=kwargs, task_id=task_id or None, throw=True)
    finally:
        _in_consumer.reset(token)
