"""Admin API of Webhooks: event types, endpoints, their secrets, tests, replays and the
delivery log. The contract is in apps/webhooks/API.md.

Pointing an endpoint at an event type also needs that type's ``subscribe_action`` (an
endpoint receiving ``user.created`` reads users): checked on create, on edits that change
where or what is sent, and on replays; ``*`` needs every type's action.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpResponse, JsonResponse
from rest_framework import serializers
from rest_framework.request import Request

from apps.core.api import authorization
from apps.core.api.base import AdminApi
from apps.core.api.parsing import parse
from apps.core.api.resources import system_of, trn
from apps.core.errors import ValidationFailed
from apps.iam.models import User
from apps.systems.registry import event_types as declared_event_types
from apps.webhooks import selectors, services
from apps.webhooks.errors import EventTypeDenied
from apps.webhooks.models import Delivery, Endpoint
from apps.webhooks.permissions import Deliveries, Endpoints

MAX_CURSOR = 2**63 - 1
# PATCH fields that change where events go or which ones: they need the subscribe actions.
REDIRECTING_FIELDS = ("url", "event_types", "headers", "format")


def me(request: Request) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class WebhooksAdminApi(AdminApi):
    """Base of the webhooks views: the subscribe-action check they share."""

    def may_subscribe(self, action: str) -> bool:
        return authorization.is_allowed(self.request, action, trn(self.request, system_of(action)))

    def require_subscriptions(self, event_types: list[str]) -> None:
        """403 ``event_type_denied`` naming the first type whose subscribe action the
        caller lacks (``*``: every declared type)."""
        declared = declared_event_types()
        wanted = sorted(declared) if "*" in event_types else sorted(event_types)
        for event_type in wanted:
            event = declared.get(event_type)
            if event is None or self.may_subscribe(event.subscribe_action):
                continue
            resource = trn(self.request, system_of(event.subscribe_action))
            authorization.audit(
                self.request,
                action=event.subscribe_action,
                resource=resource,
                outcome="denied",
                status=403,
            )
            raise EventTypeDenied(
                f"You may not subscribe to {event_type}: it needs {event.subscribe_action}.",
                extra={"event_type": event_type, "action": event.subscribe_action},
            )


class EndpointAdminApi(WebhooksAdminApi):
    """Views of one endpoint: ``trn:…:webhooks:endpoint/<endpoint_id>``."""

    resource_kind = "endpoint"
    resource_kwarg = "endpoint_id"


class DeliveryAdminApi(WebhooksAdminApi):
    """Views of one delivery: ``trn:…:webhooks:delivery/<delivery_id>``."""

    resource_kind = "delivery"
    resource_kwarg = "delivery_id"


# --- event types -----------------------------------------------------------------------------


class EventTypeListApi(WebhooksAdminApi):
    """``GET /event-types``: what an endpoint can subscribe to, and whether the caller may."""

    action = Endpoints.LIST

    def get(self, request: Request) -> HttpResponse:
        return JsonResponse(selectors.event_types_listing(self.may_subscribe))


# --- endpoints -------------------------------------------------------------------------------


class EndpointIn(serializers.Serializer[Any]):
    url = serializers.CharField(max_length=2048)
    description = serializers.CharField(max_length=500, allow_blank=True, default="")
    event_types = serializers.ListField(
        child=serializers.CharField(max_length=64), allow_empty=False, max_length=100
    )
    format = serializers.ChoiceField(choices=Endpoint.Format.values, default="standard")
    headers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=1024),
        default=dict,
    )
    enabled = serializers.BooleanField(default=True)


class EndpointCollectionApi(WebhooksAdminApi):
    """``GET /endpoints`` and ``POST /endpoints`` (answers the secret, this once)."""

    method_actions = {"GET": Endpoints.LIST, "POST": Endpoints.CREATE}

    def get(self, request: Request) -> HttpResponse:
        return selectors.endpoints_response()

    def post(self, request: Request) -> HttpResponse:
        data = parse(EndpointIn, request.data)
        event_types = services.normalize_event_types(data["event_types"])
        self.require_subscriptions(event_types)
        endpoint, secret = services.endpoint_create(
            actor=me(request),
            url=data["url"],
            event_types=event_types,
            description=data["description"],
            format=data["format"],
            headers=data["headers"],
            enabled=data["enabled"],
        )
        return selectors.endpoint_response(endpoint.pk, status=201, extra={"secret": secret})


class EndpointDetailApi(EndpointAdminApi):
    """``GET|PATCH|DELETE /endpoints/<id>``."""

    method_actions = {
        "GET": Endpoints.READ,
        "PATCH": Endpoints.UPDATE,
        "DELETE": Endpoints.DELETE,
    }

    def get(self, request: Request, endpoint_id: int) -> HttpResponse:
        return selectors.endpoint_response(endpoint_id)

    def patch(self, request: Request, endpoint_id: int) -> HttpResponse:
        changes = parse(EndpointIn, request.data, partial=True)
        endpoint = selectors.access_endpoint(endpoint_id, lock=True)
        if "event_types" in changes:
            changes["event_types"] = services.normalize_event_types(changes["event_types"])
        if any(f in changes for f in REDIRECTING_FIELDS) or changes.get("enabled") is True:
            self.require_subscriptions(changes.get("event_types", endpoint.event_types))
        services.endpoint_update(endpoint=endpoint, changes=changes)
        return selectors.endpoint_response(endpoint_id)

    def delete(self, request: Request, endpoint_id: int) -> HttpResponse:
        services.endpoint_delete(endpoint=selectors.access_endpoint(endpoint_id, lock=True))
        return HttpResponse(status=204)


class RotateIn(serializers.Serializer[Any]):
    overlap_hours = serializers.IntegerField(min_value=0, max_value=72, default=24)


class EndpointRotateSecretApi(EndpointAdminApi):
    """``POST /endpoints/<id>/rotate-secret`` ``{overlap_hours?}`` → the new secret."""

    action = Endpoints.ROTATE_SECRET

    def post(self, request: Request, endpoint_id: int) -> HttpResponse:
        data = parse(RotateIn, request.data or {})
        rotated = services.endpoint_rotate_secret(
            endpoint=selectors.access_endpoint(endpoint_id, lock=True),
            overlap=timedelta(hours=data["overlap_hours"]),
        )
        expires = rotated.previous_expires_at
        return JsonResponse(
            {
                "secret": rotated.secret,
                "previous_expires_at": expires.isoformat() if expires else None,
            }
        )


class TestIn(serializers.Serializer[Any]):
    event_type = serializers.CharField(max_length=64, required=False, allow_null=True)


class EndpointTestApi(EndpointAdminApi):
    """``POST /endpoints/<id>/test`` ``{event_type?}`` → 202 ``{delivery_id}``."""

    action = Endpoints.TEST

    def post(self, request: Request, endpoint_id: int) -> HttpResponse:
        data = parse(TestIn, request.data or {})
        delivery = services.delivery_test(
            endpoint=selectors.access_endpoint(endpoint_id), event_type=data.get("event_type")
        )
        return JsonResponse({"delivery_id": delivery.pk}, status=202)


class ReplayIn(serializers.Serializer[Any]):
    since = serializers.DateTimeField()


class EndpointReplayApi(EndpointAdminApi):
    """``POST /endpoints/<id>/replay`` ``{since}`` → 202 ``{queued}``."""

    action = Endpoints.REPLAY

    def post(self, request: Request, endpoint_id: int) -> HttpResponse:
        data = parse(ReplayIn, request.data)
        endpoint = selectors.access_endpoint(endpoint_id, lock=True)
        self.require_subscriptions(endpoint.event_types)
        queued = services.endpoint_replay(endpoint=endpoint, since=data["since"])
        return JsonResponse({"queued": queued}, status=202)


# --- deliveries ------------------------------------------------------------------------------


def _cursor(raw: str | None) -> int | None:
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or int(raw) > MAX_CURSOR:
        raise ValidationFailed(
            "before must be the next cursor of a previous page.",
            code="invalid_cursor",
            errors={"before": ["invalid cursor"]},
        )
    return int(raw)


class EndpointDeliveriesApi(EndpointAdminApi):
    """``GET /endpoints/<id>/deliveries?status=&event_type=&before=`` (cursor pages)."""

    action = Deliveries.LIST

    def get(self, request: Request, endpoint_id: int) -> HttpResponse:
        status = request.query_params.get("status") or None
        if status is not None and status not in Delivery.Status.values:
            raise ValidationFailed("Unknown status filter.", errors={"status": ["unknown"]})
        event_type = request.query_params.get("event_type") or None
        if event_type is not None and len(event_type) > 64:
            raise ValidationFailed(
                "event_type is at most 64 characters.", errors={"event_type": ["too long"]}
            )
        before = _cursor(request.query_params.get("before"))
        selectors.access_endpoint(endpoint_id)
        return selectors.deliveries_response(
            endpoint_id=endpoint_id, status=status, event_type=event_type, before=before
        )


class DeliveryDetailApi(DeliveryAdminApi):
    """``GET /deliveries/<id>``: the delivery, its payload and every attempt."""

    action = Deliveries.READ

    def get(self, request: Request, delivery_id: int) -> HttpResponse:
        return selectors.delivery_response(delivery_id)


class DeliveryRedeliverApi(DeliveryAdminApi):
    """``POST /deliveries/<id>/redeliver`` → 202: a new round of attempts, starting now."""

    action = Deliveries.REDELIVER

    def post(self, request: Request, delivery_id: int) -> HttpResponse:
        delivery = services.delivery_redeliver(
            delivery=selectors.access_delivery(delivery_id, lock=True)
        )
        return JsonResponse({"delivery_id": delivery.pk, "status": delivery.status}, status=202)
