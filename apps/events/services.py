"""Domain events: ``emit`` writes the outbox row, the relay publishes it after commit.

Apps react to each other through events instead of imports::

    from apps.events.services import emit, subscriber

    emit("user.created", {"user": {...}})            # in a service, inside its transaction

    @subscriber("webhooks.fanout", types="*")         # in the reacting app (imported at ready)
    def fan_out(event: Event) -> None: ...

Delivery to subscribers is at least once: each (event, subscriber) pair becomes one
``events.handle`` task, so a subscriber must be idempotent (key its work by ``event.pk``).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from apps.core.after_response import run_after_response
from apps.events.models import Event
from apps.events.selectors import event_get, events_unpublished, unpublished_before
from apps.jobs.runtime import send_now
from apps.systems.registry import event_types
from apps.tenants.context import current_tenant_id, tenant_context

logger = logging.getLogger(__name__)

Handler = Callable[[Event], None]
ALL = "*"
# The sweeper leaves younger unpublished rows to the relay that is about to publish them.
SWEEP_GRACE = timedelta(seconds=5)
SWEEP_BATCH = 500


class UnknownEventType(ValueError):
    """emit() was given a type no system.json declares (a programming error)."""


@dataclass(frozen=True)
class Subscriber:
    name: str
    types: frozenset[str]
    handler: Handler

    def wants(self, event_type: str) -> bool:
        return ALL in self.types or event_type in self.types


_subscribers: dict[str, Subscriber] = {}


def subscriber(name: str, *, types: Iterable[str] | str) -> Callable[[Handler], Handler]:
    """Register ``handler(event)`` for event ``types`` (``"*"``: every type)."""
    wanted = frozenset([types] if isinstance(types, str) else types)

    def register(handler: Handler) -> Handler:
        if name in _subscribers and _subscribers[name].handler is not handler:
            raise ValueError(f"subscriber {name!r} is already registered")
        _subscribers[name] = Subscriber(name, wanted, handler)
        return handler

    return register


def subscribers_of(event_type: str) -> list[Subscriber]:
    return [s for s in _subscribers.values() if s.wants(event_type)]


def subscriber_named(name: str) -> Subscriber | None:
    return _subscribers.get(name)


_validators: dict[str, Any] = {}


def _validate(event_type: str, data: dict[str, Any]) -> None:
    declared = event_types().get(event_type)
    if declared is None:
        raise UnknownEventType(f"{event_type!r} is not declared in any system.json")
    if settings.EVENTS_VALIDATE_PAYLOADS:
        validator = _validators.get(event_type)
        if validator is None or validator.schema is not declared.schema:
            import jsonschema  # dev dependency: only when validation is switched on

            validator = jsonschema.validators.validator_for(declared.schema)(declared.schema)
            _validators[event_type] = validator
        validator.validate(data)


def emit(event_type: str, data: Mapping[str, Any], *, tenant: int | None = None) -> uuid.UUID:
    """Record ``event_type`` with payload ``data`` in the caller's transaction.

    Runs inside the current tenant (or ``tenant``, an academy id). Nothing is sent unless
    the transaction commits; then the relay publishes the event once the response is out
    (at once outside a request), and the sweeper catches what the relay missed.
    """
    tenant_id = tenant if tenant is not None else current_tenant_id()
    if tenant_id is None:
        raise RuntimeError("emit() needs a tenant context")
    payload = json.loads(json.dumps(dict(data), cls=DjangoJSONEncoder))
    _validate(event_type, payload)
    if tenant_id == current_tenant_id() and connection.in_atomic_block:
        event = Event.objects.create(type=event_type, payload=payload)  # one INSERT
    else:
        with tenant_context(tenant_id):
            event = Event.objects.create(type=event_type, payload=payload)
    event_id: uuid.UUID = event.pk
    _relay_after_commit(tenant_id, event_id)
    return event_id


class _Relay:
    """The events one transaction emitted, published together once it commits."""

    def __init__(self) -> None:
        self.pending: dict[int, list[uuid.UUID]] = {}
        self.ran = False

    def __call__(self) -> None:
        self.ran = True
        batches, self.pending = self.pending, {}
        for tenant_id, event_ids in batches.items():
            run_after_response(partial(_publish_quietly, tenant_id, event_ids))


def _publish_quietly(tenant_id: int, event_ids: list[uuid.UUID]) -> None:
    publish(tenant_id=tenant_id, event_ids=event_ids)


def _relay_after_commit(tenant_id: int, event_id: uuid.UUID) -> None:
    """Join the transaction's relay, or register one (one publish per commit, not per event).

    A relay registered inside a savepoint that rolled back has been dropped by Django with
    it; then this event starts a new one. Ids of rows a savepoint rolled back are harmless:
    publish only finds committed rows.
    """
    relay: _Relay | None = getattr(connection, "_ts_outbox_relay", None)
    if (
        relay is None
        or relay.ran
        or not any(entry[1] is relay for entry in connection.run_on_commit)
    ):
        relay = _Relay()
        connection._ts_outbox_relay = relay  # type: ignore[attr-defined]
        relay.pending.setdefault(tenant_id, []).append(event_id)
        transaction.on_commit(relay)  # outside a transaction this runs at once
        return
    relay.pending.setdefault(tenant_id, []).append(event_id)


def publish(*, tenant_id: int, event_ids: list[uuid.UUID]) -> int:
    """Hand each event to its subscribers' queue and mark it published (the relay).

    Never raises: a broker failure leaves the rows unpublished for the sweeper. Returns the
    number of events published.
    """
    published = []
    with tenant_context(tenant_id):
        events = events_unpublished(event_ids)
        for event in events:
            try:
                for sub in subscribers_of(event.type):
                    send_now(
                        "events.handle",
                        {"tenant_id": tenant_id, "event_id": str(event.pk), "subscriber": sub.name},
                    )
            except Exception:  # the broker is down: the sweeper publishes it later
                logger.exception("could not publish event %s", event.pk)
                continue
            published.append(event.pk)
        if published:
            Event.objects.filter(pk__in=published).update(published_at=timezone.now())
    return len(published)


def sweep_unpublished(*, tenant_id: int) -> int:
    """Publish one academy's events the relay missed (committed, never published)."""
    cutoff = timezone.now() - SWEEP_GRACE
    with tenant_context(tenant_id):
        ids = unpublished_before(cutoff, limit=SWEEP_BATCH)
    return publish(tenant_id=tenant_id, event_ids=ids) if ids else 0


def event_handle(*, event_id: str, subscriber_name: str) -> bool:
    """Run one subscriber for one event (inside the event's tenant). False if either is
    gone (an unregistered subscriber, or an event past retention)."""
    sub = subscriber_named(subscriber_name)
    event = event_get(event_id)
    if sub is None or event is None:
        logger.warning("dropping event %s for subscriber %s", event_id, subscriber_name)
        return False
    sub.handler(event)
    return True


def events_purge_expired(*, tenant_id: int) -> int:
    cutoff = timezone.now() - timedelta(days=settings.EVENTS_RETENTION_DAYS)
    with tenant_context(tenant_id):
        deleted, _ = Event.objects.filter(
            occurred_at__lt=cutoff, published_at__isnull=False
        ).delete()
    return deleted
