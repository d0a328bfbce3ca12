"""Webhooks writes (see the submodules); the names other apps, tasks and views use."""

from apps.webhooks.services.attempts import delivery_attempt
from apps.webhooks.services.deliveries import (
    deliveries_fan_out,
    deliveries_purge_expired,
    delivery_redeliver,
    delivery_test,
    dispatch_due,
    endpoint_replay,
)
from apps.webhooks.services.endpoints import (
    DisabledReason,
    Rotated,
    endpoint_create,
    endpoint_delete,
    endpoint_disable,
    endpoint_rotate_secret,
    endpoint_update,
    normalize_event_types,
)
from apps.webhooks.services.notify import endpoint_disabled_notify

__all__ = [
    "DisabledReason",
    "Rotated",
    "deliveries_fan_out",
    "deliveries_purge_expired",
    "delivery_attempt",
    "delivery_redeliver",
    "delivery_test",
    "dispatch_due",
    "endpoint_create",
    "endpoint_delete",
    "endpoint_disable",
    "endpoint_disabled_notify",
    "endpoint_replay",
    "endpoint_rotate_secret",
    "endpoint_update",
    "normalize_event_types",
]
