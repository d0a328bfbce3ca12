from django.urls import path

from apps.sdk_api.views import PingApi

urlpatterns = [
    path("ping", PingApi.as_view(), name="sdk-ping"),
]
