"""The in-memory catalogue of installed systems, loaded once at startup."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings

from apps.systems.manifests import EventType, Manifest, load_all

_catalogue: dict[str, Manifest] = {}
_event_types: dict[str, EventType] = {}


def manifest_paths() -> list[Path]:
    paths = [
        Path(config.path) / "system.json"
        for config in django_apps.get_app_configs()
        if config.name.startswith("apps.")
    ]
    paths.extend(Path(p) for p in getattr(settings, "EXTRA_SYSTEM_MANIFESTS", []))
    return paths


def load() -> dict[str, Manifest]:
    _catalogue.clear()
    _catalogue.update(load_all(manifest_paths()))
    _event_types.clear()
    _event_types.update({e.type: e for m in _catalogue.values() for e in m.events})
    return _catalogue


def catalogue() -> dict[str, Manifest]:
    if not _catalogue:
        load()
    return _catalogue


def get(label: str) -> Manifest | None:
    return catalogue().get(label)


def all_actions() -> list[str]:
    return sorted({p.action for m in catalogue().values() for p in m.permissions})


def event_types() -> dict[str, EventType]:
    """Every declared domain event type, by type name (built once per load: emit() asks on
    every event)."""
    if not _catalogue:
        load()
    return _event_types
