"""Reads of the outbox (inside the current academy's transaction, under RLS)."""

from __future__ import annotations

import uuid
from datetime import datetime

from apps.events.models import Event


def event_get(event_id: uuid.UUID | str) -> Event | None:
    event: Event | None = Event.objects.filter(pk=event_id).first()
    return event


def events_unpublished(event_ids: list[uuid.UUID]) -> list[Event]:
    """Those of ``event_ids`` that exist (committed) and are not yet published."""
    return list(Event.objects.filter(pk__in=event_ids, published_at__isnull=True))


def unpublished_before(cutoff: datetime, *, limit: int) -> list[uuid.UUID]:
    """Ids of events committed before ``cutoff`` and never published, oldest first."""
    return list(
        Event.objects.filter(published_at__isnull=True, occurred_at__lt=cutoff)
        .order_by("occurred_at")
        .values_list("pk", flat=True)[:limit]
    )
