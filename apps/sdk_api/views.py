"""The public SDK API (``/v1/`` on ``api.<domain>``, ``/sdk/v1/`` on a single host)."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from rest_framework.request import Request

from apps.core.api.base import SdkApi


class PingApi(SdkApi):
    """Liveness for SDK clients; needs no key."""

    public = True

    def get(self, request: Request) -> HttpResponse:
        return JsonResponse({"pong": True, "api_version": "v1"})
