"""The IAM audit log: every IAM write records who did what, to what, from where."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from apps.iam.models import AuditEvent

if TYPE_CHECKING:
    from apps.iam.models import User

# Set by the IAM API views for the duration of a request, so services (whose signatures
# do not carry the request) can record the caller's address.
request_ip: ContextVar[str | None] = ContextVar("iam_request_ip", default=None)


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    event: AuditEvent = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_email=actor.email if actor is not None else "",
        action=action,
        target=target,
        details=details or {},
        ip=request_ip.get(),
    )
    return event
