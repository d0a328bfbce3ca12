"""Webhook tables: endpoints an academy registered, deliveries of events to them, attempts.

A :class:`Delivery` is one event for one endpoint; it keeps its own copy of the event's
data (the outbox is purged after ``EVENTS_RETENTION_DAYS``; test deliveries have no outbox
row at all) and the ``webhook_id`` every retry reuses. Each HTTP request made for it is
an :class:`Attempt`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.tenants.models import TenantOwnedModel


class Endpoint(TenantOwnedModel):
    """A receiver URL, the event types it wants, and its signing secret (encrypted)."""

    class Format(models.TextChoices):
        STANDARD = "standard", "Standard Webhooks JSON"
        TEAMS = "teams", "Microsoft Teams (Workflows)"
        SLACK = "slack", "Slack (incoming webhook)"

    url = models.CharField(max_length=2048)
    description = models.CharField(max_length=500, blank=True, default="")
    event_types = models.JSONField(default=list, help_text='event type names; ["*"] = all')
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True, default="")
    disabled_at = models.DateTimeField(null=True, blank=True)
    format = models.CharField(max_length=16, choices=Format.choices, default=Format.STANDARD)
    headers = models.JSONField(default=dict, blank=True, help_text="extra request headers")
    # Fernet tokens (apps.webhooks.vault); the clear secret is shown once, at creation/rotation.
    secret_encrypted = models.TextField()
    secret_hint = models.CharField(max_length=8)
    previous_secret_encrypted = models.TextField(blank=True, default="")
    previous_expires_at = models.DateTimeField(null=True, blank=True)
    failing_since = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "webhooks_endpoints"
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["tenant", "enabled"], name="webhooks_endpoints_enabled")
        ]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return "*" in self.event_types or event_type in self.event_types


class Delivery(TenantOwnedModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed (gave up)"
        CANCELLED = "cancelled", "Cancelled"

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    # The outbox event's id (no foreign key: the outbox is purged, test events have no row).
    event_id = models.UUIDField()
    event_type = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()
    payload = models.JSONField(help_text="the event's data object")
    webhook_id = models.CharField(max_length=40, help_text="msg_<event hex>, kept on retries")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0, help_text="HTTP requests made, ever")
    # Attempts since this delivery (re)started: the position in the retry schedule.
    round_attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Lease: when a deliver task was last sent for it (the sweeper resends after it expires).
    enqueued_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.IntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "webhooks_deliveries"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="webhooks_deliveries_endpoint_event_uniq"
            )
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(
                fields=["tenant", "next_attempt_at"],
                name="webhooks_deliveries_due",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["endpoint", "-id"], name="webhooks_deliveries_log"),
            models.Index(fields=["endpoint", "status", "-id"], name="webhooks_deliveries_status"),
            models.Index(fields=["endpoint", "event_type", "-id"], name="webhooks_deliveries_type"),
        ]

    def __str__(self) -> str:
        return f"{self.webhook_id} -> {self.endpoint_id}"


class Attempt(TenantOwnedModel):
    """One HTTP request of a delivery and what came back (bounded: 4 KB of body)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField(default=timezone.now)
    status_code = models.IntegerField(null=True, blank=True)
    latency_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True, default="")
    response_headers = models.JSONField(default=dict, blank=True)
    response_body = models.TextField(blank=True, default="")

    class Meta:
        db_table = "webhooks_attempts"
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["delivery", "started_at"], name="webhooks_attempts_delivery")
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.status_code}"
