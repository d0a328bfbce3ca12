"""Webhook tasks (all on the ``webhooks`` queue): thin, take ids, call a service.

``webhooks.sweep`` is the retry scheduler: run it every few seconds from beat (or a Lambda
schedule); it sends every due delivery whose lease expired, academy by academy.
``webhooks.purge`` (daily) deletes finished deliveries older than the outbox retention.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings

from apps.jobs.runtime import system_task, tenant_task
from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant
from apps.webhooks import client, services

# A request may take client.TIMEOUT_SECONDS; the rest is the database and signing.
DELIVER_TIME_LIMIT = int(client.TIMEOUT_SECONDS) + 20


@tenant_task("webhooks.deliver", time_limit=DELIVER_TIME_LIMIT)
def deliver(*, tenant_id: int, delivery_id: int) -> str:
    """One attempt of one delivery (idempotent: skips it unless pending and due)."""
    return services.delivery_attempt(delivery_id=delivery_id)


@tenant_task("webhooks.dispatch")
def dispatch(*, tenant_id: int) -> int:
    """Send one academy's due deliveries (after a replay)."""
    return services.dispatch_due()


@tenant_task("webhooks.notify_disabled")
def notify_disabled(*, tenant_id: int, endpoint_id: int) -> int:
    """E-mail the academy's administrators that an endpoint was disabled."""
    return services.endpoint_disabled_notify(endpoint_id=endpoint_id)


@system_task("webhooks.sweep", time_limit=120)
def sweep() -> int:
    """Send due deliveries (retries, lost messages) of every academy."""
    sent = 0
    for tenant_id in Tenant.objects.values_list("pk", flat=True).order_by("pk"):
        with tenant_context(tenant_id):
            sent += services.dispatch_due()
    return sent


@system_task("webhooks.purge", time_limit=300)
def purge() -> int:
    """Delete finished deliveries older than ``EVENTS_RETENTION_DAYS``, academy by academy
    (the outbox keeps events as long, so a replay can still reach them)."""
    older_than = timedelta(days=settings.EVENTS_RETENTION_DAYS)
    deleted = 0
    for tenant_id in Tenant.objects.values_list("pk", flat=True).order_by("pk"):
        with tenant_context(tenant_id):
            deleted += services.deliveries_purge_expired(older_than=older_than)
    return deleted
