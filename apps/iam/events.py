"""The domain events IAM emits; their payload schemas are declared in ``system.json``.

Other apps put people into their own payloads with :func:`user_ref`, so every event
describes a person the same way.
"""

from __future__ import annotations

from typing import Any

from apps.iam.models import User

USER_CREATED = "user.created"
USER_SIGNED_UP = "user.signed_up"


def user_ref(user: User) -> dict[str, Any]:
    """A person in an event payload: ``{"id", "email", "name"}`` (never secrets)."""
    return {"id": user.pk, "email": user.email, "name": user.name}
