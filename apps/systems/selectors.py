"""Reads on systems: registration state and the services menu (built by Postgres)."""

from __future__ import annotations

import json
from typing import Any

from django.db import connection
from rest_framework.request import Request

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


def catalogue_param(labels: list[str] | None = None) -> str:
    """The manifests as one JSON bind parameter, for SQL to join with registration rows."""
    manifests = registry.catalogue()
    chosen = [manifests[label] for label in (labels or sorted(manifests))]
    return json.dumps([m.as_json() for m in chosen])


def system_rows() -> list[dict[str, Any]]:
    raise NotImplementedError
