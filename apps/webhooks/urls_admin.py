"""Admin API routes of the webhooks system (mounted at /api/admin/webhooks/)."""

from django.urls import path

from apps.webhooks.api import admin

E = "endpoints/<int:endpoint_id>"
D = "deliveries/<int:delivery_id>"

urlpatterns = [
    path("event-types", admin.EventTypeListApi.as_view(), name="webhooks-event-types"),
    path("endpoints", admin.EndpointCollectionApi.as_view(), name="webhooks-endpoints"),
    path(E, admin.EndpointDetailApi.as_view(), name="webhooks-endpoint"),
    path(f"{E}/rotate-secret", admin.EndpointRotateSecretApi.as_view(), name="webhooks-rotate"),
    path(f"{E}/test", admin.EndpointTestApi.as_view(), name="webhooks-test"),
    path(f"{E}/replay", admin.EndpointReplayApi.as_view(), name="webhooks-replay"),
    path(f"{E}/deliveries", admin.EndpointDeliveriesApi.as_view(), name="webhooks-deliveries"),
    path(D, admin.DeliveryDetailApi.as_view(), name="webhooks-delivery"),
    path(f"{D}/redeliver", admin.DeliveryRedeliverApi.as_view(), name="webhooks-redeliver"),
]
