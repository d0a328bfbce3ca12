from django.urls import path

from apps.sdk_api.views import MeApi, OpenApiDocumentApi, PingApi

urlpatterns = [
    path("ping", PingApi.as_view(), name="sdk-ping"),
    path("me", MeApi.as_view(), name="sdk-me"),
    path("openapi.json", OpenApiDocumentApi.as_view(), name="sdk-openapi"),
]
