"""One delivery attempt: the body of the ``webhooks.deliver`` task.

Runs in the task's tenant transaction, holding the delivery's row lock (a duplicate task
skips it), and one of the endpoint's in-flight slots (slots.py) while the request is made.
Safe to run twice: a delivery that is no longer pending, or not yet due, is left alone.

Outcomes (the return value, for logs and tests):

- ``succeeded``: a 2xx; the endpoint's ``failing_since`` is cleared.
- ``retry``: any other answer or a network fault; the next attempt is scheduled
  (retry.SCHEDULE, counted in ``round_attempts``).
- ``failed``: that was the last attempt of the schedule, or the endpoint got disabled:
  410 Gone disables it at once, and so does failing for ``retry.DISABLE_AFTER``.
- ``busy``: every slot of the endpoint is taken; put back 2 s later, no attempt counted
  (the next attempt to finish hands its slot on to it; else the sweeper sends it).
- ``skipped``: gone, not pending, locked by another task, or not due yet.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from apps.jobs.runtime import send_now
from apps.tenants.context import current_tenant_id
from apps.webhooks import client, formats, retry, signing, slots, ssrf, vault
from apps.webhooks.models import Attempt, Delivery, Endpoint
from apps.webhooks.services.deliveries import DELIVER_TASK, LEASE, WAITING_FOR_SLOT, hand_off
from apps.webhooks.services.endpoints import DisabledReason, endpoint_disable, secrets_in_force

logger = logging.getLogger(__name__)

# A task may arrive a little before its countdown ends (clocks, jitter): still due.
EARLY_TOLERANCE = timedelta(seconds=1)


def _send_later(delivery: Delivery, delay: timedelta, now: datetime) -> None:
    """Hold a lease and send the task with a countdown once this transaction commits.

    Only for short waits (a worker keeps the message meanwhile); longer ones are left to
    the sweeper. A consumer that ignores countdowns runs it early; it is then not due, and
    drops the lease so the sweeper sends it when it is.
    """
    delivery.enqueued_at = now
    kwargs = {"tenant_id": current_tenant_id(), "delivery_id": delivery.pk}
    transaction.on_commit(
        partial(send_now, DELIVER_TASK, kwargs, countdown=max(0.0, delay.total_seconds()))
    )


def _request(delivery: Delivery, endpoint: Endpoint) -> client.Result:
    try:
        target = ssrf.check_url(endpoint.url)
    except ssrf.UnsafeUrl as exc:
        return client.Result(None, 0, error=f"refused before sending: {exc}")
    message = formats.Message(
        webhook_id=delivery.webhook_id,
        event_type=delivery.event_type,
        occurred_at=delivery.occurred_at,
        data=delivery.payload,
    )
    body = formats.body(endpoint.format, message)
    try:
        secrets = secrets_in_force(endpoint)
    except vault.SecretUnreadable:
        return client.Result(
            None,
            0,
            error="not sent: the signing secret does not decrypt "
            "(SECRET_KEY changed without SECRET_KEY_FALLBACKS?); rotate it",
        )
    headers = {
        **endpoint.headers,
        **signing.signature_headers(
            secrets, webhook_id=delivery.webhook_id, timestamp=int(time.time()), body=body
        ),
    }
    return client.post(target, body, headers)


def _log(delivery: Delivery, started: datetime, result: client.Result) -> None:
    Attempt.objects.create(
        delivery=delivery,
        started_at=started,
        status_code=result.status_code,
        latency_ms=result.latency_ms,
        error=client.storable(result.error),
        response_headers=result.headers,
        response_body=result.body,
    )


def _succeeded(delivery: Delivery, endpoint: Endpoint, now: datetime) -> str:
    delivery.status = Delivery.Status.SUCCEEDED
    delivery.delivered_at = now
    delivery.next_attempt_at = None
    delivery.enqueued_at = None
    if endpoint.failing_since is not None:
        Endpoint.objects.filter(pk=endpoint.pk).update(failing_since=None)
    return "succeeded"


def _failed(delivery: Delivery, endpoint: Endpoint, result: client.Result, now: datetime) -> str:
    if endpoint.failing_since is None:
        endpoint.failing_since = now
        Endpoint.objects.filter(pk=endpoint.pk, failing_since__isnull=True).update(
            failing_since=now
        )
    reason = None
    if result.status_code == 410:
        reason = DisabledReason.GONE
    elif now - endpoint.failing_since >= retry.DISABLE_AFTER:
        reason = DisabledReason.FAILING
    if reason is not None:
        endpoint_disable(endpoint=endpoint, reason=reason, notify=True)
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = delivery.enqueued_at = None
        return "failed"
    delay = retry.next_delay(delivery.round_attempts)
    if delay is None:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = delivery.enqueued_at = None
        return "failed"
    delivery.next_attempt_at = now + delay
    delivery.enqueued_at = None
    if delay <= LEASE:
        _send_later(delivery, delay, now)
    return "retry"


def delivery_attempt(*, delivery_id: int) -> str:
    """Make one attempt of a delivery if it is pending and due (see the module docstring)."""
    delivery = (
        Delivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("endpoint")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status != Delivery.Status.PENDING:
        return "skipped"
    endpoint = delivery.endpoint
    now = timezone.now()
    if not endpoint.enabled:
        delivery.status = Delivery.Status.CANCELLED
        delivery.next_attempt_at = delivery.enqueued_at = None
        delivery.updated_at = now
        delivery.save()
        return "skipped"
    if delivery.next_attempt_at is not None and delivery.next_attempt_at > now + EARLY_TOLERANCE:
        Delivery.objects.filter(pk=delivery.pk).update(enqueued_at=None)
        return "skipped"
    with slots.held(endpoint.pk) as slot:
        if slot is not None:
            result = _request(delivery, endpoint)
    if slot is None:
        # No message is sent: the next attempt to free a slot hands it on (hand_off), and
        # the sweeper sends it once due if none does. Polling would flood the queue.
        delivery.next_attempt_at = now + WAITING_FOR_SLOT
        delivery.enqueued_at = None
        delivery.updated_at = now
        delivery.save(update_fields=["next_attempt_at", "enqueued_at", "updated_at"])
        return "busy"
    finished = timezone.now()
    _log(delivery, now, result)
    delivery.attempts += 1
    delivery.round_attempts += 1
    delivery.last_status_code = result.status_code
    if result.ok:
        outcome = _succeeded(delivery, endpoint, finished)
    else:
        outcome = _failed(delivery, endpoint, result, finished)
    delivery.updated_at = finished
    delivery.save()
    if endpoint.enabled:
        hand_off(endpoint_id=endpoint.pk, after=delivery.pk)
    if outcome != "succeeded":
        logger.info(
            "webhook %s to endpoint %s: %s (%s)",
            delivery.webhook_id,
            endpoint.pk,
            outcome,
            result.status_code or result.error,
        )
    return outcome
