"""Admin API of Systems Management."""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from rest_framework.request import Request

from apps.core.api import authorization
from apps.core.api.base import AdminApi
from apps.core.api.resources import trn
from apps.iam.permissions import Iam
from apps.systems import selectors, services
from apps.systems.permissions import Systems


class ServicesMenuApi(AdminApi):
    """``GET /api/admin/systems/services``: the menu entries of registered systems that the
    caller's own policies allow.

    A self-service read (``panel_self_service``): every staff member with panel access may
    read the entries they are allowed to use; it needs no permission of its own.
    """

    action = Systems.SERVICES_LIST
    panel_self_service = True

    def get(self, request: Request) -> HttpResponse:
        return selectors.services_menu_response(request)


class InterfacesApi(AdminApi):
    """``GET /api/admin/systems/interfaces``: the admin screen bundles of registered systems.

    The panel's companion of the services menu, and like it a self-service read: which bundle
    serves which route, so the shell loads a system's screens only when one of them is opened.
    It names only script URLs and route patterns (the bundles expose them anyway); each
    screen's API calls are checked by IAM, and a refused one shows the access-denied page.
    """

    action = Systems.SERVICES_LIST
    panel_self_service = True

    def get(self, request: Request) -> HttpResponse:
        return selectors.interfaces_response("admin")


class ActionCatalogueApi(AdminApi):
    """``GET /api/admin/systems/actions``: every installed system's actions with their
    descriptions and condition keys, plus the request-wide condition keys, for the policy
    editor's and the simulator's pickers.

    Declared action: ``teacherseat:admin:iam:policies:read``; those allowed only
    ``…:policies:simulate`` may read it too. Both are IAM actions, so they are checked on
    IAM's resource (``trn:teacherseat:<tenant>:iam:*``), as the panel's ``allowed_actions``.
    """

    action = Iam.POLICIES_READ
    also_allowed_by = Iam.POLICIES_SIMULATE

    def resource(self) -> str:
        return trn(self.request, "iam", "*")

    def authorize(self, request: Request) -> None:
        if authorization.is_allowed(request, self.also_allowed_by, self.resource()):
            return
        super().authorize(request)

    def get(self, request: Request) -> HttpResponse:
        return selectors.action_catalogue_response()


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
