"""The audit trail: who did what, to what, from where, with which outcome.

IAM's services record their own changes (with details); ``audit_api_request`` records every
other admin and SDK write generically, and every refused request (rate-limited per person,
so an attack cannot flood the log), through the hooks the API base classes call.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import partial
from typing import Any

from apps.core.after_response import run_after_response
from apps.core.api.base import django_request
from apps.core.request_id import current_request_id
from apps.iam.authorization import client_ip
from apps.iam.models import AuditEvent, User
from apps.tenants.context import current_tenant_id, tenant_context

# Set by the IAM API views for the duration of a request, so services (whose signatures
# do not carry the request) can record the caller's address.
request_ip: ContextVar[str | None] = ContextVar("iam_request_ip", default=None)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
    outcome: str = "success",
    ip: str | None = None,
) -> AuditEvent:
    event: AuditEvent = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_email=actor.email if actor is not None else "",
        action=action[:100],
        target=target[:300],
        details=details or {},
        ip=ip or request_ip.get(),
        outcome=outcome,
        system=system_of_action(action),
        request_id=current_request_id.get() or "",
    )
    return event


def system_of_action(action: str) -> str:
    """``teacherseat:admin:content:courses:delete`` -> content; ``iam:users:signin`` -> iam."""
    parts = action.split(":")
    if parts[0] == "teacherseat" and len(parts) > 2:
        return parts[2][:32]
    return parts[0][:32]


DENIED_PER_MINUTE = 20  # per person: enough to investigate, too few to flood the log


def audit_api_request(
    request: Any, *, action: str, resource: str, outcome: str, status: int
) -> None:
    """Hook for the API base classes: a write that succeeded, or a refused request."""
    raw = django_request(request)
    user = getattr(raw, "iam_principal", None) or getattr(request, "user", None)
    actor = user if isinstance(user, User) else None
    access_key = getattr(raw, "iam_access_key", None)
    details: dict[str, Any] = {"method": raw.method, "path": raw.path[:300], "status": status}
    if access_key is not None:
        details["access_key"] = access_key.key_id
    ip = client_ip(raw)
    if outcome == "success":
        audit_record(actor=actor, action=action, target=resource, details=details, ip=ip)
        return
    tenant_id = current_tenant_id()
    if tenant_id is None:
        return
    # A refused request rolls back; its entry is written after the response, on its own.
    run_after_response(
        partial(_record_denied, tenant_id, actor, action, resource, details, ip, status),
        always=True,
    )


def _record_denied(
    tenant_id: int,
    actor: User | None,
    action: str,
    resource: str,
    details: dict[str, Any],
    ip: str | None,
    status: int,
) -> None:
    from apps.iam.services.ratelimit import rate_limit_hit

    who = str(actor.pk) if actor is not None else (ip or "anonymous")
    with tenant_context(tenant_id):
        hit = rate_limit_hit(key=f"audit:denied:{tenant_id}:{who}", window_seconds=60)
        if hit.count <= DENIED_PER_MINUTE:
            audit_record(
                actor=actor,
                action=action,
                target=resource,
                details=details,
                outcome="denied",
                ip=ip,
            )
