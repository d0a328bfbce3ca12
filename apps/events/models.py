"""The transactional outbox: one row per domain event, written in the emitting transaction."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from apps.tenants.models import TenantOwnedModel


class Event(TenantOwnedModel):
    """A domain event (``user.created``…) of one academy.

    Written by :func:`apps.events.services.emit` in the caller's transaction, so a rolled
    back change leaves none. ``published_at`` is set once the relay has handed the event to
    every subscriber's queue; the sweeper publishes rows still unset after a grace period.
    Kept ``EVENTS_RETENTION_DAYS`` for webhook replays.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(max_length=64)
    payload = models.JSONField(help_text="the event's data object (schema in system.json)")
    occurred_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "events_outbox"
        indexes = [
            models.Index(
                fields=["occurred_at"],
                name="events_outbox_unpublished",
                condition=models.Q(published_at__isnull=True),
            ),
            models.Index(fields=["tenant", "occurred_at"], name="events_outbox_tenant_time"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.pk}"

    def envelope(self) -> dict[str, object]:
        """The event as subscribers and webhooks see it (Standard Webhooks shape)."""
        return {
            "id": f"evt_{self.pk.hex}",
            "type": self.type,
            "timestamp": self.occurred_at.isoformat().replace("+00:00", "Z"),
            "data": self.payload,
        }
