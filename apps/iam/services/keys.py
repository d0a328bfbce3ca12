"""Access key writes. Callers were authorised; every write bumps the stamp and audits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from apps.core.errors import Conflict, ValidationFailed
from apps.iam.keys import hash_secret, new_key_id, new_secret
from apps.iam.models import AccessKey, User
from apps.iam.services.changes import object_changed
from apps.iam.services.policies import policy_document_check

MAX_KEYS_PER_USER = 5


@dataclass(frozen=True)
class NewKey:
    key: AccessKey
    secret: str
    warnings: list[dict[str, str]]


def access_key_create(
    *,
    actor: User | None,
    user: User,
    description: str = "",
    session_policy: dict[str, Any] | None = None,
    expires_at: datetime | None = None,
) -> NewKey:
    """A new key for ``user``; the secret is returned here only."""
    warnings = policy_document_check(session_policy) if session_policy is not None else []
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationFailed("The expiry must be in the future.", errors={"expires_at": ["past"]})
    if AccessKey.objects.filter(user=user).count() >= MAX_KEYS_PER_USER:
        raise Conflict(
            f"A user may have at most {MAX_KEYS_PER_USER} access keys.", code="too_many_keys"
        )
    secret = new_secret()
    key: AccessKey = AccessKey.objects.create(
        user=user,
        key_id=new_key_id(user.tenant_id),
        secret_hash=hash_secret(secret),
        description=description,
        session_policy=session_policy,
        expires_at=expires_at,
    )
    object_changed(actor=actor, action="iam:access_keys:create", obj=user, key_id=key.key_id)
    return NewKey(key, secret, warnings)


def access_key_set_status(*, actor: User | None, key: AccessKey, active: bool) -> AccessKey:
    key.status = AccessKey.Status.ACTIVE if active else AccessKey.Status.INACTIVE
    key.save(update_fields=["status"])
    verb = "activate" if active else "deactivate"
    object_changed(actor=actor, action=f"iam:access_keys:{verb}", obj=key.user, key_id=key.key_id)
    return key


def access_key_rotate(*, actor: User | None, key: AccessKey) -> NewKey:
    """A new key with the same description, session policy and expiry; the old one is
    deactivated (delete it once clients use the new one)."""
    new = access_key_create(
        actor=actor,
        user=key.user,
        description=key.description,
        session_policy=key.session_policy,
        expires_at=key.expires_at if key.expires_at and key.expires_at > timezone.now() else None,
    )
    access_key_set_status(actor=actor, key=key, active=False)
    return new


def access_key_delete(*, actor: User | None, key: AccessKey) -> None:
    key_id, user = key.key_id, key.user
    key.delete()
    object_changed(actor=actor, action="iam:access_keys:delete", obj=user, key_id=key_id)
