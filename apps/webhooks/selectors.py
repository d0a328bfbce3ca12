"""Reads of the Webhooks system, for its views and services.

``access_*`` turn URL ids into rows of the current academy or answer 404 (row-level
security hides other academies' rows, so their ids are simply not found). The
``*_response`` reads name their template and bind its parameters; Postgres builds the
document the view streams unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from django.http import HttpResponse

from apps.systems.registry import catalogue
from apps.webhooks.errors import DeliveryNotFound, EndpointNotFound
from apps.webhooks.models import Delivery, Endpoint
from querylet import django_adapter as ql

DELIVERIES_PER_PAGE = 50

# --- access ------------------------------------------------------------------------------


def access_endpoint(endpoint_id: int, *, lock: bool = False) -> Endpoint:
    """An endpoint of this academy (locked for the write that follows), else 404."""
    queryset = Endpoint.objects.select_for_update() if lock else Endpoint.objects
    endpoint: Endpoint | None = queryset.filter(pk=endpoint_id).first()
    if endpoint is None:
        raise EndpointNotFound("No such webhook endpoint.")
    return endpoint


def access_delivery(delivery_id: int, *, lock: bool = False) -> Delivery:
    """A delivery of this academy with its endpoint (the delivery locked), else 404."""
    queryset = Delivery.objects.select_related("endpoint")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    delivery: Delivery | None = queryset.filter(pk=delivery_id).first()
    if delivery is None:
        raise DeliveryNotFound("No such delivery.")
    return delivery


# --- documents -----------------------------------------------------------------------------


def event_types_listing(may_subscribe: Callable[[str], bool]) -> dict[str, Any]:
    """``{"items": [{type, description, system, subscribe_action, allowed}]}`` of every
    declared event type; ``allowed`` asks ``may_subscribe(subscribe_action)``."""
    items = [
        {
            "type": event.type,
            "description": event.description,
            "system": manifest.label,
            "subscribe_action": event.subscribe_action,
            "allowed": may_subscribe(event.subscribe_action),
        }
        for manifest in catalogue().values()
        for event in manifest.events
    ]
    return {"items": sorted(items, key=lambda item: str(item["type"]))}


def endpoints_response() -> HttpResponse:
    """``{"items": [endpoint]}`` with delivery counts, in one statement."""
    return ql.json_response(ql.fetch_object("webhooks.admin.endpoints") or '{"items": []}')


def endpoint_response(
    endpoint_id: int, *, status: int = 200, extra: Mapping[str, Any] | None = None
) -> HttpResponse:
    """One endpoint; ``extra`` fields are added (the secret, right after it was made)."""
    text = ql.fetch_object("webhooks.admin.endpoint", {"endpoint_id": endpoint_id})
    if text is None:
        raise EndpointNotFound("No such webhook endpoint.")
    if extra:
        text = json.dumps({**json.loads(text), **extra})
    return ql.json_response(text, status=status)


def deliveries_response(
    *,
    endpoint_id: int,
    status: str | None,
    event_type: str | None,
    before: int | None,
    limit: int | None = None,
) -> HttpResponse:
    """A page of the endpoint's delivery log, ``{"items", "next"}`` (filters checked)."""
    limit = DELIVERIES_PER_PAGE if limit is None else limit
    data = {
        "endpoint_id": endpoint_id,
        "status": status,
        "event_type": event_type,
        "before": before,
        "limit": limit,
    }
    return ql.json_response(
        ql.fetch_object("webhooks.admin.deliveries", data) or '{"items": [], "next": null}'
    )


def delivery_response(delivery_id: int) -> HttpResponse:
    """One delivery with its payload and attempts, else 404."""
    text = ql.fetch_object("webhooks.admin.delivery", {"delivery_id": delivery_id})
    if text is None:
        raise DeliveryNotFound("No such delivery.")
    return ql.json_response(text)
