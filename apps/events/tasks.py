"""Event tasks: run a subscriber for an event; sweep what the relay missed."""

from __future__ import annotations

from apps.events.services import event_handle, events_purge_expired, sweep_unpublished
from apps.jobs.runtime import system_task, tenant_task
from apps.tenants.models import Tenant


@tenant_task("events.handle")
def handle(*, tenant_id: int, event_id: str, subscriber: str) -> bool:
    return event_handle(event_id=event_id, subscriber_name=subscriber)


@system_task("events.sweep", time_limit=120)
def sweep() -> int:
    """Publish committed events the relay never published, academy by academy."""
    return sum(
        sweep_unpublished(tenant_id=tenant_id)
        for tenant_id in Tenant.objects.values_list("pk", flat=True).order_by("pk")
    )


@system_task("events.purge", time_limit=300)
def purge() -> int:
    """Delete published events past ``EVENTS_RETENTION_DAYS``, academy by academy."""
    return sum(
        events_purge_expired(tenant_id=tenant_id)
        for tenant_id in Tenant.objects.values_list("pk", flat=True).order_by("pk")
    )
