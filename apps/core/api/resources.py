"""TeacherSeat resource names: ``trn:teacherseat:<tenant>:<system>:<type>/<id>``.

One builder for every view, menu and who-am-I check, so a policy's ``Resource`` pattern
means the same thing everywhere.
"""

from __future__ import annotations

from typing import Any


def tenant_slug(request: Any) -> str:
    """The request's academy slug, or ``*`` where no tenant is resolved (SDK host, early)."""
    raw = getattr(request, "_request", request)  # DRF Request wraps the Django one
    tenant = getattr(raw, "tenant", None)
    return tenant.slug if tenant is not None else "*"


def trn(request: Any, system: str, target: str = "*") -> str:
    return f"trn:teacherseat:{tenant_slug(request)}:{system}:{target}"


def system_of(action: str) -> str:
    """``provider:namespace:system:subsystem:action`` → ``system``."""
    return action.split(":")[2]
