"""Sample data for test deliveries, built from an event type's JSON Schema.

Small on purpose: objects get every declared property, strings a placeholder (an address
for ``format: email``, a timestamp for ``date-time``), numbers 1, arrays one item; ``const``,
``enum`` and ``examples`` win when present. Well-known keys get friendlier values.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

MAX_DEPTH = 6
FRIENDLY: dict[str, Any] = {
    "email": "ada@example.com",
    "name": "Ada Lovelace",
    "title": "Sample course",
    "slug": "sample-course",
    "id": 1,
}
DEFAULT_OBJECTS: dict[str, dict[str, Any]] = {
    "user": {"id": 1, "email": "ada@example.com", "name": "Ada Lovelace"},
    "course": {"id": 1, "title": "Sample course", "slug": "sample-course"},
}


def _string(schema: dict[str, Any]) -> str:
    fmt = schema.get("format")
    if fmt == "email":
        return "ada@example.com"
    if fmt == "date-time":
        return datetime(2026, 1, 1, tzinfo=UTC).isoformat().replace("+00:00", "Z")
    if fmt == "date":
        return "2026-01-01"
    if fmt in {"uri", "url"}:
        return "https://example.com/"
    return "example"


def sample(schema: Any, key: str | None = None, depth: int = 0) -> Any:
    if not isinstance(schema, dict) or depth > MAX_DEPTH:
        return None
    if "const" in schema:
        return schema["const"]
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return schema["examples"][0]
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or (kind is None and "properties" in schema):
        properties = schema.get("properties") or {}
        built = {
            name: sample(sub, name, depth + 1)
            for name, sub in properties.items()
            if isinstance(name, str)
        }
        if not properties and key in DEFAULT_OBJECTS:
            return dict(DEFAULT_OBJECTS[key])
        return built
    if kind == "array":
        return [sample(schema.get("items"), None, depth + 1)]
    if key in FRIENDLY and kind in {"string", "integer", "number", None}:
        value = FRIENDLY[key]
        return str(value) if kind == "string" else value
    if kind == "string":
        return _string(schema)
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    return None


def sample_data(schema: dict[str, Any]) -> dict[str, Any]:
    """A sample of an event type's ``data`` (always an object)."""
    built = sample(schema)
    return built if isinstance(built, dict) else {}
