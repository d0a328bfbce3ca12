"""Reads on systems: registration state, the systems list, the services menu, the panels'
interfaces and the action catalogue.

The manifests live in files, the registration state in Postgres; each read passes the
manifests as one JSON bind parameter and lets Postgres join and build the document.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from rest_framework.request import Request

from apps.core.api import authorization
from apps.core.api.reads import array_response, object_response, paginated_response
from apps.systems import registry
from apps.systems.condition_keys import GLOBAL_CONDITION_KEYS
from apps.systems.manifests import PANELS

logger = logging.getLogger(__name__)


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


def action_catalogue_param() -> str:
    """The installed systems' actions (with condition keys) as one JSON bind parameter."""
    manifests = registry.catalogue()
    return json.dumps(
        [
            {
                "label": label,
                "identifier": manifests[label].identifier,
                "name": manifests[label].name,
                "actions": [
                    {
                        "action": p.action,
                        "description": p.description,
                        "condition_keys": [vars(k) for k in p.context_keys],
                    }
                    for p in sorted(manifests[label].permissions, key=lambda p: p.action)
                ],
            }
            for label in sorted(manifests)
        ]
    )


def action_catalogue_response() -> HttpResponse:
    """``{"systems": [...], "global_condition_keys": [...]}``: what a policy can name."""
    return object_response(
        "systems.actions",
        {
            "catalogue": action_catalogue_param(),
            "global_keys": json.dumps([vars(k) for k in GLOBAL_CONDITION_KEYS]),
        },
        what="catalogue",
    )


def systems_list_response(request: HttpRequest) -> HttpResponse:
    return paginated_response(request, "systems.systems.list", {"catalogue": catalogue_param()})


_built: dict[Path, tuple[int, dict[str, Any]]] = {}


def built_interfaces(panel: str) -> dict[str, Any]:
    """The bundle map ``static_frontends/build.mjs`` wrote for a panel ("admin", "student"):
    ``{label: {"url", "routes"}}``; empty when the panel is not built. Cached per file version.
    """
    path = Path(settings.FRONTENDS_DIR) / PANELS[panel] / "dist" / "manifest.json"
    try:
        version = path.stat().st_mtime_ns
    except FileNotFoundError:
        logger.warning("the %s panel is not built: %s is missing", panel, path)
        return {}
    cached = _built.get(path)
    if cached is None or cached[0] != version:
        try:
            interfaces = json.loads(path.read_text(encoding="utf-8")).get("interfaces") or {}
        except (OSError, ValueError, AttributeError):
            logger.exception("unreadable build manifest %s", path)
            interfaces = {}
        cached = (version, interfaces if isinstance(interfaces, dict) else {})
        _built[path] = cached
    return cached[1]


def interface_bundles_param(panel: str) -> str:
    """One JSON bind parameter: the panel's built bundles of installed systems that declare
    an interface for it (a bundle left over from an uninstalled app is not offered)."""
    prefix = f"/{PANELS[panel]}/"
    built = built_interfaces(panel)
    bundles = []
    for label, manifest in sorted(registry.catalogue().items()):
        bundle = built.get(label)
        if panel not in manifest.interfaces or not isinstance(bundle, dict):
            continue
        url, routes = bundle.get("url"), bundle.get("routes")
        if not isinstance(url, str) or not url.startswith(prefix) or not isinstance(routes, list):
            continue
        bundles.append({"label": label, "url": url, "routes": [str(r) for r in routes]})
    return json.dumps(bundles)


def interfaces_response(panel: str) -> HttpResponse:
    """``[{"system", "url", "routes"}]``: what a panel may load for the current academy."""
    return array_response("systems.interfaces", {"bundles": interface_bundles_param(panel)})
