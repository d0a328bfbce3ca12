"""Delivery writes: fan an event out to endpoints, test, replay, redeliver, dispatch due ones.

The HTTP attempt itself is in :mod:`apps.webhooks.services.attempts`. A delivery is sent by
the ``webhooks.deliver`` task; ``enqueued_at`` is its lease: set when a task is sent, so the
sweeper (``dispatch_due``) resends only deliveries that are due and whose lease is unset or
older than ``LEASE`` (a lost message, a killed worker).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from apps.events.models import Event
from apps.jobs.runtime import enqueue
from apps.systems.registry import event_types as declared_event_types
from apps.tenants.context import current_tenant_id
from apps.webhooks import slots
from apps.webhooks.errors import EndpointDisabled, ReplayTooLarge, UnknownEventType
from apps.webhooks.models import Delivery, Endpoint
from apps.webhooks.samples import sample_data
from querylet import django_adapter as ql

DELIVER_TASK = "webhooks.deliver"
DISPATCH_TASK = "webhooks.dispatch"
TEST_EVENT = "webhook.test"
# Event types that are never fanned out or replayed (synthetic, per endpoint).
SYNTHETIC_PREFIX = "webhook."
LEASE = timedelta(minutes=2)
# A delivery that found every slot of its endpoint taken waits this long (or less: the
# next attempt to finish hands its slot on to it).
WAITING_FOR_SLOT = timedelta(seconds=2)
DISPATCH_BATCH = 500
MAX_REPLAY = 10_000


def webhook_id_for(event_id: uuid.UUID) -> str:
    return f"msg_{event_id.hex}"


def _tenant_id() -> int:
    tenant_id = current_tenant_id()
    if tenant_id is None:
        raise RuntimeError("webhook deliveries need a tenant context")
    return tenant_id


def send_deliver(delivery_id: int) -> None:
    """Send the deliver task for one delivery after the transaction commits."""
    enqueue(DELIVER_TASK, tenant_id=_tenant_id(), delivery_id=delivery_id)


_FAN_OUT_SQL = """
INSERT INTO webhooks_deliveries
  (tenant_id, endpoint_id, event_id, event_type, occurred_at, payload, webhook_id, status,
   attempts, round_attempts, next_attempt_at, enqueued_at, created_at, updated_at)
SELECT e.tenant_id, e.id, %(event_id)s, %(event_type)s, %(occurred_at)s, %(payload)s::jsonb,
       %(webhook_id)s, 'pending', 0, 0, %(now)s, %(now)s, %(now)s, %(now)s
FROM webhooks_endpoints e
WHERE e.enabled
  AND (e.event_types @> %(wanted)s::jsonb OR e.event_types @> '["*"]'::jsonb)
ON CONFLICT (endpoint_id, event_id) DO NOTHING
RETURNING id, endpoint_id
"""


def deliveries_fan_out(*, event: Event) -> list[int]:
    """One delivery per enabled endpoint of the academy subscribed to the event's type (or
    to ``*``), each sent at once — except to an endpoint whose every slot is taken: that
    one waits without a message (the next attempt to finish hands its slot on to it, else
    the sweeper sends it), instead of costing a task that could only find it busy.
    Idempotent: a second run for the same event creates and sends nothing (the insert
    skips existing (endpoint, event) pairs)."""
    if event.type.startswith(SYNTHETIC_PREFIX):
        return []
    event_uuid: uuid.UUID = event.pk
    with connection.cursor() as cursor:
        cursor.execute(
            _FAN_OUT_SQL,
            {
                "event_id": event_uuid,
                "event_type": event.type,
                "occurred_at": event.occurred_at,
                "payload": json.dumps(event.payload, cls=DjangoJSONEncoder),
                "webhook_id": webhook_id_for(event_uuid),
                "now": timezone.now(),
                "wanted": json.dumps([event.type]),
            },
        )
        created = [(int(row[0]), int(row[1])) for row in cursor.fetchall()]
    saturated = slots.full(sorted({endpoint_id for _, endpoint_id in created}))
    waiting = [pk for pk, endpoint_id in created if endpoint_id in saturated]
    if waiting:
        Delivery.objects.filter(pk__in=waiting).update(enqueued_at=None)
    for delivery_id, endpoint_id in created:
        if endpoint_id not in saturated:
            send_deliver(delivery_id)
    return [pk for pk, _ in created]


def _require_enabled(endpoint: Endpoint) -> None:
    if not endpoint.enabled:
        raise EndpointDisabled("The endpoint is disabled; enable it first.")


def delivery_test(*, endpoint: Endpoint, event_type: str | None = None) -> Delivery:
    """A synthetic event delivered to this endpoint only: ``webhook.test``, or sample data
    of ``event_type`` (built from its schema). It has no outbox row, so it is never fanned
    out to other endpoints nor replayed."""
    _require_enabled(endpoint)
    event_type = event_type or TEST_EVENT
    declared = declared_event_types().get(event_type)
    if declared is None:
        raise UnknownEventType(
            f"Unknown event type: {event_type}.", errors={"event_type": ["unknown"]}
        )
    if event_type == TEST_EVENT:
        data: dict[str, Any] = {
            "message": "This is a test event from TeacherSeat.",
            "endpoint_id": endpoint.pk,
        }
    else:
        data = sample_data(declared.schema)
    event_id = uuid.uuid4()
    now = timezone.now()
    delivery: Delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        event_type=event_type,
        occurred_at=now,
        payload=data,
        webhook_id=webhook_id_for(event_id),
        next_attempt_at=now,
        enqueued_at=now,
    )
    send_deliver(delivery.pk)
    return delivery


def delivery_redeliver(*, delivery: Delivery) -> Delivery:
    """Start the delivery over (a new round of the retry schedule), sent at once. Keeps its
    ``webhook_id`` and attempt log."""
    _require_enabled(delivery.endpoint)
    now = timezone.now()
    delivery.status = Delivery.Status.PENDING
    delivery.round_attempts = 0
    delivery.next_attempt_at = now
    delivery.enqueued_at = now
    delivery.updated_at = now
    delivery.save()
    send_deliver(delivery.pk)
    return delivery


def endpoint_replay(*, endpoint: Endpoint, since: datetime) -> int:
    """Deliver again every event since ``since`` that the endpoint subscribes to: a new
    delivery for events it never got, a new round for the ones it had. Returns how many.
    The ``webhooks.dispatch`` task sends them (in batches, like the sweeper)."""
    _require_enabled(endpoint)
    events = Event.objects.filter(occurred_at__gte=since).exclude(type__startswith=SYNTHETIC_PREFIX)
    if "*" not in endpoint.event_types:
        events = events.filter(type__in=endpoint.event_types)
    rows = list(
        events.order_by("occurred_at").values("pk", "type", "payload", "occurred_at")[
            : MAX_REPLAY + 1
        ]
    )
    if len(rows) > MAX_REPLAY:
        raise ReplayTooLarge(
            f"More than {MAX_REPLAY} events match; replay from a later moment.",
            errors={"since": ["too many events"]},
        )
    now = timezone.now()
    ids = [row["pk"] for row in rows]
    Delivery.objects.filter(endpoint=endpoint, event_id__in=ids).update(
        status=Delivery.Status.PENDING,
        round_attempts=0,
        next_attempt_at=now,
        enqueued_at=None,
        updated_at=now,
    )
    Delivery.objects.bulk_create(
        [
            Delivery(
                endpoint=endpoint,
                event_id=row["pk"],
                event_type=row["type"],
                occurred_at=row["occurred_at"],
                payload=row["payload"],
                webhook_id=webhook_id_for(row["pk"]),
                next_attempt_at=now,
            )
            for row in rows
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    if rows:
        enqueue(DISPATCH_TASK, tenant_id=_tenant_id())
    return len(rows)


def dispatch_due(*, limit: int = DISPATCH_BATCH) -> int:
    """Send the deliver task for this academy's due deliveries whose lease is unset or
    expired (the sweeper, and replays): per endpoint at most as many as it has free slots,
    since more could not run anyway (each finished attempt hands its slot on to the
    endpoint's next waiting delivery). Rows a running task holds are skipped.
    Index: webhooks_deliveries_due (tenant_id, next_attempt_at) WHERE status = 'pending'.
    """
    now = timezone.now()
    data = {
        "now": now,
        "expired": now - LEASE,
        "per_endpoint": slots.PER_ENDPOINT,
        "namespace": slots.NAMESPACE,
        "limit": limit,
    }
    candidates = [int(pk) for pk in ql.fetch_values("webhooks.worker.due", data)]
    if not candidates:
        return 0
    due = list(
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(pk__in=candidates, status=Delivery.Status.PENDING)
        .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=now - LEASE))
        .values_list("pk", flat=True)
    )
    if due:
        Delivery.objects.filter(pk__in=due).update(enqueued_at=now)
        for delivery_id in due:
            send_deliver(delivery_id)
    return len(due)


def hand_off(*, endpoint_id: int, after: int) -> int | None:
    """Send the endpoint's next delivery waiting for a slot (or due without a lease) now,
    as the attempt ``after`` frees its slot. The sweeper finds any this misses."""
    now = timezone.now()
    waiting = (
        Delivery.objects.select_for_update(skip_locked=True)
        .filter(
            endpoint_id=endpoint_id,
            status=Delivery.Status.PENDING,
            enqueued_at__isnull=True,
            next_attempt_at__lte=now + WAITING_FOR_SLOT,
        )
        .exclude(pk=after)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if waiting is None:
        return None
    Delivery.objects.filter(pk=waiting).update(next_attempt_at=now, enqueued_at=now)
    send_deliver(waiting)
    return int(waiting)


def deliveries_purge_expired(*, older_than: timedelta) -> int:
    """Delete this academy's finished deliveries (and their attempts) untouched for more
    than ``older_than``; pending ones are kept whatever their age. Returns how many."""
    cutoff = timezone.now() - older_than
    _, per_model = (
        Delivery.objects.filter(updated_at__lt=cutoff)
        .exclude(status=Delivery.Status.PENDING)
        .delete()
    )
    return int(per_model.get(Delivery._meta.label, 0))
