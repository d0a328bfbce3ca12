"""The public SDK API (``/v1/`` on ``api.<domain>``, ``/sdk/v1/`` on a single host)."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpResponse, JsonResponse
from rest_framework.request import Request

from apps.core.api.base import SdkApi, django_request
from apps.core.api.resources import trn
from apps.iam.permissions import Iam

OPENAPI_DOCUMENT = Path(__file__).resolve().parent.parent / "openapi" / "v1.json"


class OpenApiDocumentApi(SdkApi):
    """``GET /v1/openapi.json``: the SDK API's OpenAPI 3.1 description (public)."""

    public = True

    def get(self, request: Request) -> HttpResponse:
        return HttpResponse(OPENAPI_DOCUMENT.read_bytes(), content_type="application/json")


class PingApi(SdkApi):
    """Liveness for SDK clients; needs no key."""

    public = True

    def get(self, request: Request) -> HttpResponse:
        return JsonResponse({"pong": True, "api_version": "v1"})


class MeApi(SdkApi):
    """``GET /v1/me``: the access key and its owner (proves key auth and the key's tenant)."""

    action = Iam.SDK_ME_READ

    def resource(self) -> str:
        user = getattr(django_request(self.request), "iam_principal", None)
        if user is None:
            return super().resource()
        return trn(self.request, "iam", f"user/{user.pk}")

    def get(self, request: Request) -> HttpResponse:
        raw = django_request(request)
        user = raw.iam_principal  # type: ignore[attr-defined]
        key = raw.iam_access_key  # type: ignore[attr-defined]
        return JsonResponse(
            {
                "tenant": raw.tenant.slug,  # type: ignore[attr-defined]
                "user": {"id": user.pk, "email": user.email, "name": user.name},
                "access_key": {"key_id": key.key_id, "expires_at": key.expires_at},
            }
        )
