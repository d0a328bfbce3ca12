from django.urls import path

from apps.sdk_api.views import MeApi, PingApi

urlpatterns = [
    path("ping", PingApi.as_view(), name="sdk-ping"),
    path("me", MeApi.as_view(), name="sdk-me"),
]
