"""Admin API of Systems Management."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from rest_framework.request import Request

from apps.core.api.base import AdminApi
from apps.systems import selectors, services
from apps.systems.permissions import Systems


class ServicesMenuApi(AdminApi):
    """``GET /api/admin/systems/services``: menu entries of registered systems."""

    action = Systems.SERVICES_LIST

    def get(self, request: Request) -> HttpResponse:
        return selectors.services_menu_response(request)


class InterfacesApi(AdminApi):
    """``GET /api/admin/systems/interfaces``: the admin screen bundles of registered systems.

    The panel's companion of the services menu (same action): which bundle serves which
    route, so the shell loads a system's screens only when one of them is opened.
    """

    action = Systems.SERVICES_LIST

    def get(self, request: Request) -> HttpResponse:
        return selectors.interfaces_response("admin")


class SystemListApi(AdminApi):
    """``GET /api/admin/systems/systems``: installed systems with registration state."""

    action = Systems.LIST

    def get(self, request: Request) -> HttpResponse:
        return selectors.systems_list_response(request)


class SystemRegisterApi(AdminApi):
    """``POST /api/admin/systems/systems/<label>/register``."""

    action = Systems.REGISTER

    def post(self, request: Request, label: str) -> HttpResponse:
        row = services.system_set_registered(label=label, registered=True)
        return JsonResponse({"label": row.label, "registered": row.registered})


class SystemDeregisterApi(AdminApi):
    """``POST /api/admin/systems/systems/<label>/deregister`` (core systems: 409)."""

    action = Systems.DEREGISTER

    def post(self, request: Request, label: str) -> HttpResponse:
        row = services.system_set_registered(label=label, registered=False)
        return JsonResponse({"label": row.label, "registered": row.registered})
