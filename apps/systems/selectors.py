"""Reads on systems: registration state, the systems list and the services menu.

The manifests live in files, the registration state in Postgres; each read passes the
manifests as one JSON bind parameter and lets Postgres join and build the document.
"""

from __future__ import annotations

import json

from django.db import connection
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request

from apps.core.api import authorization
from apps.core.api.reads import array_response, paginated_response
from apps.systems import registry


def is_registered(label: str) -> bool:
    manifest = registry.get(label)
    if manifest is None:
        return False
    if manifest.is_core:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT registered FROM systems_registrations WHERE label = %s", [label])
        row = cursor.fetchone()
    return True if row is None else bool(row[0])


def request_system_is_registered(request: Request, label: str) -> bool:
    return is_registered(label)


def catalogue_param() -> str:
    """The manifests as one JSON document (one bind parameter)."""
    manifests = registry.catalogue()
    return json.dumps([manifests[label].as_json() for label in sorted(manifests)])


def menu_permissions() -> list[str]:
    return sorted({e.permission for m in registry.catalogue().values() for e in m.menu})


def allowed_menu_permissions(request: Request) -> list[str]:
    """The menu permissions the caller holds (one policy decision each, in memory)."""
    return authorization.allowed_actions(request, menu_permissions())


def services_menu_response(request: Request) -> HttpResponse:
    return array_response(
        "systems.services_menu",
        {"catalogue": catalogue_param(), "permissions": allowed_menu_permissions(request)},
    )


def systems_list_response(request: HttpRequest) -> HttpResponse:
    return paginated_response(request, "systems.systems.list", {"catalogue": catalogue_param()})
