"""Endpoint writes: create, change, enable/disable, rotate the secret, delete.

Every function assumes the caller was authorised (the admin views check the action and
each event type's ``subscribe_action``) and runs in the caller's tenant transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from apps.iam.models import User
from apps.jobs.runtime import enqueue
from apps.systems.registry import event_types as declared_event_types
from apps.tenants.context import current_tenant_id
from apps.webhooks import signing, ssrf, vault
from apps.webhooks.errors import (
    EndpointLimitReached,
    InvalidHeader,
    UnknownEventType,
    UnsafeUrlError,
)
from apps.webhooks.headers import HeaderProblem, clean_headers
from apps.webhooks.models import Delivery, Endpoint

ALL = "*"
MAX_ENDPOINTS = 50
MAX_EVENT_TYPES = 100


class DisabledReason:
    """``Endpoint.disabled_reason`` codes (the admin panel spells them out)."""

    MANUAL = "manual"
    GONE = "gone"  # the receiver answered 410 Gone
    FAILING = "failing"  # no 2xx for retry.DISABLE_AFTER


@dataclass(frozen=True)
class Rotated:
    secret: str
    previous_expires_at: datetime | None


def normalize_event_types(raw: Any) -> list[str]:
    """A sorted list of declared types, or ``["*"]``; 400 ``unknown_event_type`` otherwise."""
    if not isinstance(raw, list) or not raw or len(raw) > MAX_EVENT_TYPES:
        raise UnknownEventType(
            'event_types must be a non-empty list of event types, or ["*"] for all.',
            errors={"event_types": ["expected a non-empty list"]},
        )
    if not all(isinstance(t, str) for t in raw):
        raise UnknownEventType(
            "Every event type must be a string.", errors={"event_types": ["expected strings"]}
        )
    if ALL in raw:
        return [ALL]
    declared = declared_event_types()
    unknown = sorted({t for t in raw if t not in declared})
    if unknown:
        raise UnknownEventType(
            f"Unknown event type: {', '.join(unknown)}.",
            errors={"event_types": [f"unknown: {t}" for t in unknown]},
            extra={"event_types": unknown},
        )
    return sorted(set(raw))


def checked_url(url: str) -> str:
    """``url`` if webhooks may go there (see ssrf.py); else 400 ``unsafe_url``."""
    try:
        ssrf.check_url(url)
    except ssrf.UnsafeUrl as exc:
        raise UnsafeUrlError(str(exc), errors={"url": [str(exc)]}) from exc
    return url


def checked_headers(raw: Any) -> dict[str, str]:
    try:
        return clean_headers(raw)
    except HeaderProblem as exc:
        raise InvalidHeader(
            str(exc), errors={"headers": [str(exc)]}, extra={"header": exc.name}
        ) from exc


def secrets_in_force(endpoint: Endpoint, now: datetime | None = None) -> list[str]:
    """The current secret, and the previous one while its overlap lasts (newest first)."""
    now = now or timezone.now()
    found = [vault.decrypt(endpoint.secret_encrypted)]
    expires = endpoint.previous_expires_at
    if endpoint.previous_secret_encrypted and expires is not None and expires > now:
        found.append(vault.decrypt(endpoint.previous_secret_encrypted))
    return found


def _set_secret(endpoint: Endpoint) -> str:
    secret = signing.generate_secret()
    endpoint.secret_encrypted = vault.encrypt(secret)
    endpoint.secret_hint = signing.secret_hint(secret)
    return secret


def endpoint_create(
    *,
    actor: User | None,
    url: str,
    event_types: list[str],
    description: str = "",
    format: str = Endpoint.Format.STANDARD,
    headers: dict[str, str] | None = None,
    enabled: bool = True,
) -> tuple[Endpoint, str]:
    """A new endpoint and its signing secret (the only time the secret is returned)."""
    if Endpoint.objects.count() >= MAX_ENDPOINTS:
        raise EndpointLimitReached(f"An academy may have at most {MAX_ENDPOINTS} endpoints.")
    endpoint = Endpoint(
        url=checked_url(url),
        description=description,
        event_types=normalize_event_types(event_types),
        format=format,
        headers=checked_headers(headers),
        enabled=enabled,
        disabled_reason="" if enabled else DisabledReason.MANUAL,
        disabled_at=None if enabled else timezone.now(),
        created_by=actor,
    )
    secret = _set_secret(endpoint)
    endpoint.save()
    return endpoint, secret


def endpoint_update(*, endpoint: Endpoint, changes: dict[str, Any]) -> Endpoint:
    """Apply the fields given (url, description, event_types, format, headers, enabled)."""
    if "url" in changes and changes["url"] != endpoint.url:
        endpoint.url = checked_url(changes["url"])
        endpoint.failing_since = None  # a new receiver starts with a clean record
    if "event_types" in changes:
        endpoint.event_types = normalize_event_types(changes["event_types"])
    if "headers" in changes:
        endpoint.headers = checked_headers(changes["headers"])
    for name in ("description", "format"):
        if name in changes:
            setattr(endpoint, name, changes[name])
    if "enabled" in changes and changes["enabled"] != endpoint.enabled:
        if changes["enabled"]:
            endpoint.enabled = True
            endpoint.disabled_reason, endpoint.disabled_at = "", None
            endpoint.failing_since = None
        else:
            endpoint_disable(endpoint=endpoint, reason=DisabledReason.MANUAL, notify=False)
    endpoint.updated_at = timezone.now()
    endpoint.save()
    return endpoint


def endpoint_disable(*, endpoint: Endpoint, reason: str, notify: bool) -> Endpoint:
    """Stop delivering to ``endpoint``: its pending deliveries are cancelled, and with
    ``notify`` the academy's administrators are told by e-mail (after commit)."""
    now = timezone.now()
    endpoint.enabled = False
    endpoint.disabled_reason = reason
    endpoint.disabled_at = now
    endpoint.updated_at = now
    endpoint.save(
        update_fields=["enabled", "disabled_reason", "disabled_at", "updated_at", "failing_since"]
    )
    # Deliveries in flight (row locked by their task) are skipped, not waited for: their
    # task may be about to disable this endpoint too, which would deadlock. Their next
    # attempt finds the endpoint disabled and cancels them.
    idle = Delivery.objects.select_for_update(skip_locked=True).filter(
        endpoint=endpoint, status=Delivery.Status.PENDING
    )
    Delivery.objects.filter(pk__in=list(idle.values_list("pk", flat=True))).update(
        status=Delivery.Status.CANCELLED, next_attempt_at=None, enqueued_at=None, updated_at=now
    )
    tenant_id = current_tenant_id()
    if notify and tenant_id is not None:
        enqueue("webhooks.notify_disabled", tenant_id=tenant_id, endpoint_id=endpoint.pk)
    return endpoint


def endpoint_rotate_secret(*, endpoint: Endpoint, overlap: timedelta) -> Rotated:
    """A new secret; the old one keeps signing alongside it for ``overlap`` (0: not at all).
    A rotation during an overlap drops the older previous secret."""
    now = timezone.now()
    if overlap > timedelta(0):
        endpoint.previous_secret_encrypted = endpoint.secret_encrypted
        endpoint.previous_expires_at = now + overlap
    else:
        endpoint.previous_secret_encrypted, endpoint.previous_expires_at = "", None
    secret = _set_secret(endpoint)
    endpoint.updated_at = now
    endpoint.save()
    return Rotated(secret=secret, previous_expires_at=endpoint.previous_expires_at)


def endpoint_delete(*, endpoint: Endpoint) -> None:
    """Delete the endpoint with its deliveries and their attempts.

    The deliveries are locked first: a delivery being attempted right now finishes (or
    waits) before they go, and no attempt can be logged against a delivery between the
    moment the cascade collects the attempts and the moment it deletes the deliveries.
    """
    list(Delivery.objects.select_for_update().filter(endpoint=endpoint).values_list("pk"))
    endpoint.delete()
