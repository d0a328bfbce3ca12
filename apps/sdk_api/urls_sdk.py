from django.urls import path

from apps.sdk_api.api import sdk

urlpatterns = [
    path("ping", sdk.PingApi.as_view(), name="sdk-ping"),
    path("me", sdk.MeApi.as_view(), name="sdk-me"),
    path("openapi.json", sdk.OpenApiDocumentApi.as_view(), name="sdk-openapi"),
]
