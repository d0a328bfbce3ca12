"""Housekeeping run on a schedule (Zappa ``events`` on Lambda, cron or a timer elsewhere).

Each function has Lambda's ``(event, context)`` signature and is idempotent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any


def purge_expired_rate_limits(event: Any = None, context: Any = None) -> dict[str, int]:
    """Delete sign-in rate-limit windows older than a day (the table is not tenant-owned)."""
    import django

    django.setup()
    from django.db import transaction

    from apps.iam.services.ratelimit import rate_limit_purge

    with transaction.atomic():
        deleted = rate_limit_purge(older_than=timedelta(days=1))
    return {"deleted": deleted}


def purge_old_audit_events(event: Any = None, context: Any = None) -> dict[str, int]:
    """Delete audit-trail entries older than ``AUDIT_RETENTION_DAYS``, academy by academy."""
    import django

    django.setup()
    from apps.iam.services.audit_retention import audit_purge_expired

    return {"deleted": audit_purge_expired()}


def sweep_events(event: Any = None, context: Any = None) -> dict[str, int]:
    """Publish committed domain events the relay missed (the ``events.sweep`` task body)."""
    import django

    django.setup()
    from apps.events.tasks import sweep

    return {"published": int(sweep())}


def sweep_webhooks(event: Any = None, context: Any = None) -> dict[str, int]:
    """Send webhook deliveries that are due (the ``webhooks.sweep`` task body)."""
    import django

    django.setup()
    from apps.webhooks.tasks import sweep  # another app's task; imported only when run

    swept = sweep()
    return {"swept": swept if isinstance(swept, int) and not isinstance(swept, bool) else 0}


def purge_old_events(event: Any = None, context: Any = None) -> dict[str, int]:
    """Delete published outbox events older than ``EVENTS_RETENTION_DAYS``."""
    import django

    django.setup()
    from apps.events.tasks import purge

    return {"deleted": purge()}


def purge_old_deliveries(event: Any = None, context: Any = None) -> dict[str, int]:
    """Delete finished webhook deliveries older than ``EVENTS_RETENTION_DAYS``."""
    import django

    django.setup()
    from apps.webhooks.tasks import purge  # another app's task; imported only when run

    return {"deleted": purge()}
