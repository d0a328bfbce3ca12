"""The webhooks system's reaction to domain events: fan each one out to endpoints."""

from __future__ import annotations

from apps.events.models import Event
from apps.events.services import subscriber
from apps.webhooks import services


@subscriber("webhooks.fanout", types="*")
def fan_out(event: Event) -> None:
    """Runs in an ``events.handle`` task inside the event's academy (at least once: the
    service skips endpoints that already have a delivery of this event)."""
    services.deliveries_fan_out(event=event)
