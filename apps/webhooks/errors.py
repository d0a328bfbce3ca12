"""Domain errors of the Webhooks system, each with a stable code."""

from __future__ import annotations

from apps.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


class EndpointNotFound(NotFound):
    code = "endpoint_not_found"


class DeliveryNotFound(NotFound):
    code = "delivery_not_found"


class UnsafeUrlError(ValidationFailed):
    """The URL is not https, has credentials, or its host resolves to a non-public address."""

    code = "unsafe_url"


class InvalidHeader(ValidationFailed):
    """A custom header is reserved (Host, Content-Length, webhook-*…) or malformed."""

    code = "invalid_header"


class UnknownEventType(ValidationFailed):
    code = "unknown_event_type"


class EventTypeDenied(PermissionDenied):
    """The caller may not subscribe to an event type (its ``subscribe_action`` is denied)."""

    code = "event_type_denied"


class EndpointDisabled(Conflict):
    code = "endpoint_disabled"


class EndpointLimitReached(Conflict):
    code = "endpoint_limit_reached"


class ReplayTooLarge(ValidationFailed):
    code = "replay_too_large"
