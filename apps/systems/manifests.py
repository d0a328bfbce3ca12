"""System manifests (``apps/<app>/system.json``): loading and validation.

Validation runs at startup (``SystemsConfig.ready``); a bad manifest stops the process with
an error naming the file and the field, instead of a half-working menu later.

``interfaces`` names the system's screens in each panel: an entry file under
``static_frontends/`` per panel kind (``{"admin": "section31/src/iam.js"}``), built into a
lazily loaded bundle by ``static_frontends/build.mjs``.
"""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

IDENTIFIER = re.compile(r"^TeacherSeat(\.[A-Z][A-Za-z0-9]*)+$")
VERSION = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(alpha|beta|rc)\d+)?$")
LABEL = re.compile(r"^[a-z][a-z0-9_]*$")
ACTION = re.compile(r"^[a-z0-9_]+(:[a-z0-9_]+){4}$")
CONTEXT_KEY = re.compile(r"^[a-z][a-z0-9_]*:[A-Z][A-Za-z0-9]*$")
CONTEXT_KEY_TYPES = ("String", "Numeric", "Bool", "Date", "IpAddress")
SYSTEM_TYPES = ("core", "community", "managed", "vendor-managed", "unknown")
TOP_KEYS = {
    "identifier",
    "name",
    "label",
    "version",
    "type",
    "description",
    "permissions",
    "menu",
    "interfaces",
    "events",
}
EVENT_TYPE = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
EVENT_KEYS = {"type", "description", "subscribe_action", "schema"}
MENU_KEYS = {"name", "path", "icon", "category", "permission"}
# The panels a system can add screens to (the key in ``interfaces``) and their folders.
PANELS = {"admin": "section31", "student": "student"}
INTERFACE_SUFFIXES = (".js", ".mjs")
FRONTENDS_DIR = Path(__file__).resolve().parents[2] / "static_frontends"


class ManifestError(ValueError):
    """A manifest is invalid; the message names the file and the field."""

    def __init__(self, path: Path, field: str, problem: str) -> None:
        self.path, self.field, self.problem = path, field, problem
        super().__init__(f"{path}: field '{field}': {problem}")


@dataclass(frozen=True)
class ContextKey:
    """A condition key an action supplies to policies (like AWS's ``s3:prefix``)."""

    key: str
    type: str
    description: str


@dataclass(frozen=True)
class Permission:
    action: str
    description: str
    context_keys: tuple[ContextKey, ...] = ()


@dataclass(frozen=True)
class MenuEntry:
    name: str
    path: str
    icon: str
    category: str
    permission: str


@dataclass(frozen=True)
class EventType:
    """A domain event a system emits (``apps.events``): who may subscribe, what it carries.

    ``schema`` is the JSON Schema of the payload's ``data``; ``subscribe_action`` is the IAM
    action a person needs to point a webhook (or any other subscription) at it.
    """

    type: str
    description: str
    subscribe_action: str
    schema: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "description": self.description,
            "subscribe_action": self.subscribe_action,
            "schema": self.schema,
        }


@dataclass(frozen=True)
class Manifest:
    identifier: str
    name: str
    label: str
    version: str
    type: str
    description: str
    permissions: tuple[Permission, ...]
    menu: tuple[MenuEntry, ...]
    path: Path
    # panel kind ("admin", "student") -> entry file relative to static_frontends/
    interfaces: dict[str, str] = dataclasses.field(default_factory=dict)
    events: tuple[EventType, ...] = ()

    @property
    def is_core(self) -> bool:
        return self.type == "core"

    def as_json(self) -> dict[str, Any]:
        return {
            "identifier": self.identifier,
            "name": self.name,
            "label": self.label,
            "version": self.version,
            "type": self.type,
            "description": self.description,
            "core": self.is_core,
            "permissions": [
                {
                    "action": p.action,
                    "description": p.description,
                    "context_keys": [vars(k) for k in p.context_keys],
                }
                for p in self.permissions
            ],
            "menu": [vars(m) for m in self.menu],
            "interfaces": dict(self.interfaces),
            "events": [e.as_json() for e in self.events],
        }


def _string(
    path: Path, data: dict[str, Any], field: str, key: str, pattern: re.Pattern[str] | None = None
) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ManifestError(path, field, "must be a non-empty string")
    if pattern is not None and not pattern.match(value):
        raise ManifestError(path, field, f"{value!r} does not match {pattern.pattern}")
    return value


def _context_keys(path: Path, field: str, raw: Any) -> tuple[ContextKey, ...]:
    if not isinstance(raw, list):
        raise ManifestError(path, f"{field}.context_keys", "must be a list")
    keys = []
    for index, item in enumerate(raw):
        where = f"{field}.context_keys[{index}]"
        if not isinstance(item, dict) or set(item) != {"key", "type", "description"}:
            raise ManifestError(path, where, "must be an object with key, type and description")
        if item["type"] not in CONTEXT_KEY_TYPES:
            raise ManifestError(
                path, f"{where}.type", f"must be one of {', '.join(CONTEXT_KEY_TYPES)}"
            )
        keys.append(
            ContextKey(
                key=_string(path, item, f"{where}.key", "key", CONTEXT_KEY),
                type=item["type"],
                description=_string(path, item, f"{where}.description", "description"),
            )
        )
    return tuple(keys)


def _list_items(path: Path, data: dict[str, Any], key: str) -> list[tuple[str, Any]]:
    """``(field name, item)`` for each item of the list ``data[key]`` (absent: none)."""
    raw = data.get(key, [])
    if not isinstance(raw, list):
        raise ManifestError(path, key, "must be a list")
    return [(f"{key}[{index}]", item) for index, item in enumerate(raw)]


def _events(path: Path, data: dict[str, Any]) -> tuple[EventType, ...]:
    events = []
    for field, item in _list_items(path, data, "events"):
        if not isinstance(item, dict) or set(item) != EVENT_KEYS:
            raise ManifestError(
                path, field, "must be an object with type, description, subscribe_action, schema"
            )
        schema = item["schema"]
        if not isinstance(schema, dict) or schema.get("type") != "object":
            raise ManifestError(
                path, f"{field}.schema", 'must be a JSON Schema of "type": "object"'
            )
        events.append(
            EventType(
                type=_string(path, item, f"{field}.type", "type", EVENT_TYPE),
                description=_string(path, item, f"{field}.description", "description"),
                subscribe_action=_string(
                    path, item, f"{field}.subscribe_action", "subscribe_action", ACTION
                ),
                schema=schema,
            )
        )
    return tuple(events)


def has_sources(frontends_dir: Path) -> bool:
    """Whether the frontends' source tree is here to check entry files against.

    A deployment package leaves out ``static_frontends/*/src`` (zappa_settings.json): there
    the entry files cannot be checked, and need not be, since only the built bundles are
    served. In a checkout (development, tests, CI) they must exist.
    """
    return any(p.is_dir() for p in frontends_dir.glob("*/src"))


def _interfaces(path: Path, raw: Any, frontends_dir: Path | None) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ManifestError(path, "interfaces", "must be an object of panel -> entry file")
    sources = frontends_dir if frontends_dir is not None and has_sources(frontends_dir) else None
    interfaces = {}
    for kind, entry in raw.items():
        where = f"interfaces.{kind}"
        if kind not in PANELS:
            raise ManifestError(path, where, f"unknown panel; use one of {', '.join(PANELS)}")
        if not isinstance(entry, str) or not entry.strip():
            raise ManifestError(path, where, "must be a non-empty string")
        relative = PurePosixPath(entry)
        if (
            "\\" in entry
            or relative.is_absolute()
            or ".." in relative.parts
            or "." in relative.parts
            or str(relative) != entry
        ):
            raise ManifestError(
                path, where, f"{entry!r} must be a relative path under static_frontends/"
            )
        if relative.suffix not in INTERFACE_SUFFIXES:
            raise ManifestError(path, where, f"{entry!r} must be a JavaScript module (.js)")
        if sources is not None and not (sources / relative).is_file():
            raise ManifestError(path, where, f"{entry!r} does not exist under {sources}")
        interfaces[kind] = entry
    return interfaces


def parse_manifest(
    path: Path, data: Any, *, frontends_dir: Path | None = FRONTENDS_DIR
) -> Manifest:
    """Validate one manifest.

    Interface entry files must exist under ``frontends_dir`` when its sources are there
    (``has_sources``); None skips that check.
    """
    if not isinstance(data, dict):
        raise ManifestError(path, "(root)", "must be a JSON object")
    unknown = sorted(set(data) - TOP_KEYS)
    if unknown:
        raise ManifestError(path, unknown[0], "unknown field")
    system_type = _string(path, data, "type", "type")
    if system_type not in SYSTEM_TYPES:
        raise ManifestError(path, "type", f"must be one of {', '.join(SYSTEM_TYPES)}")
    permissions = []
    for field, item in _list_items(path, data, "permissions"):
        if (
            not isinstance(item, dict)
            or not {"action", "description"} <= set(item)
            or (set(item) - {"action", "description", "context_keys"})
        ):
            raise ManifestError(
                path, field, "must be an object with action, description and optional context_keys"
            )
        permissions.append(
            Permission(
                action=_string(path, item, f"{field}.action", "action", ACTION),
                description=_string(path, item, f"{field}.description", "description"),
                context_keys=_context_keys(path, field, item.get("context_keys", [])),
            )
        )
    menu = []
    for field, item in _list_items(path, data, "menu"):
        if not isinstance(item, dict):
            raise ManifestError(path, field, "must be an object")
        missing = sorted(MENU_KEYS - set(item)) or sorted(set(item) - MENU_KEYS)
        if missing:
            raise ManifestError(path, f"{field}.{missing[0]}", "missing or unknown field")
        menu.append(
            MenuEntry(
                name=_string(path, item, f"{field}.name", "name"),
                path=_string(path, item, f"{field}.path", "path"),
                icon=_string(path, item, f"{field}.icon", "icon"),
                category=_string(path, item, f"{field}.category", "category"),
                permission=_string(path, item, f"{field}.permission", "permission", ACTION),
            )
        )
    description = data.get("description", "")
    if not isinstance(description, str):
        raise ManifestError(path, "description", "must be a string")
    interfaces = _interfaces(path, data.get("interfaces", {}), frontends_dir)
    return Manifest(
        identifier=_string(path, data, "identifier", "identifier", IDENTIFIER),
        name=_string(path, data, "name", "name"),
        label=_string(path, data, "label", "label", LABEL),
        version=_string(path, data, "version", "version", VERSION),
        type=system_type,
        description=description,
        permissions=tuple(permissions),
        menu=tuple(menu),
        path=path,
        interfaces=interfaces,
        events=_events(path, data),
    )


def load_manifest(path: Path, *, frontends_dir: Path | None = FRONTENDS_DIR) -> Manifest:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ManifestError(path, "(file)", "system.json is missing") from exc
    except json.JSONDecodeError as exc:
        raise ManifestError(
            path, "(file)", f"invalid JSON at line {exc.lineno}: {exc.msg}"
        ) from exc
    return parse_manifest(path, data, frontends_dir=frontends_dir)


def load_all(
    paths: list[Path], *, frontends_dir: Path | None = FRONTENDS_DIR
) -> dict[str, Manifest]:
    """Manifests by app label; duplicate labels or identifiers are errors."""
    manifests: dict[str, Manifest] = {}
    identifiers: set[str] = set()
    for path in paths:
        manifest = load_manifest(path, frontends_dir=frontends_dir)
        if manifest.label in manifests:
            raise ManifestError(path, "label", f"{manifest.label!r} is already used")
        if manifest.identifier in identifiers:
            raise ManifestError(path, "identifier", f"{manifest.identifier!r} is already used")
        identifiers.add(manifest.identifier)
        manifests[manifest.label] = manifest
    _check_events(manifests)
    return manifests


def _check_events(manifests: dict[str, Manifest]) -> None:
    """Event types are unique across systems and name an action some system declares."""
    actions = {p.action for m in manifests.values() for p in m.permissions}
    seen: set[str] = set()
    for manifest in manifests.values():
        for index, event in enumerate(manifest.events):
            field = f"events[{index}]"
            if event.type in seen:
                raise ManifestError(
                    manifest.path, f"{field}.type", f"{event.type!r} is already used"
                )
            if event.subscribe_action not in actions:
                raise ManifestError(
                    manifest.path, f"{field}.subscribe_action", "is not an action of any system"
                )
            seen.add(event.type)
