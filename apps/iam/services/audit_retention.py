"""Retention of the audit trail: entries older than ``AUDIT_RETENTION_DAYS`` are deleted.

Run daily (``teacherseat.scheduled.purge_old_audit_events``). The API offers no way to
edit or delete entries; this scheduled purge is the only delete.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from apps.iam.models import AuditEvent
from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant


def audit_purge_expired() -> int:
    """Delete expired entries in every academy (RLS: one tenant context each)."""
    cutoff = timezone.now() - timedelta(days=int(settings.AUDIT_RETENTION_DAYS))
    deleted = 0
    for tenant_id in Tenant.objects.values_list("pk", flat=True):
        with tenant_context(tenant_id):
            deleted += AuditEvent.objects.filter(at__lt=cutoff).delete()[0]
    return deleted
