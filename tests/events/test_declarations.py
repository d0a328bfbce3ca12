"""The event types IAM, Content and Learning declare: the list, and well-formed schemas."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from apps.systems.registry import catalogue

EXPECTED = {
    "iam": {"user.created", "user.signed_up"},
    "content": {"course.published"},
    "learning": {
        "enrollment.created",
        "enrollment.revoked",
        "material.completed",
        "course.completed",
        "attempt.submitted",
        "certificate.issued",
        "certificate.revoked",
    },
}


def property_names(schema: dict[str, Any]) -> list[str]:
    """Every property a payload may carry, at any depth."""
    names = []
    for name, sub in schema.get("properties", {}).items():
        names.append(name)
        names += property_names(sub)
    return names


def test_each_system_declares_its_events():
    declared = {label: {e.type for e in catalogue()[label].events} for label in EXPECTED}
    assert declared == EXPECTED


@pytest.mark.parametrize(
    "event", [e for label in EXPECTED for e in catalogue()[label].events], ids=lambda e: e.type
)
def test_schemas_are_valid_strict_and_name_no_secret(event):
    jsonschema.Draft202012Validator.check_schema(event.schema)
    assert event.schema["additionalProperties"] is False
    assert event.schema["required"] == list(event.schema["properties"])
    names = " ".join(property_names(event.schema)).lower()
    assert not any(secret in names for secret in ("password", "token", "secret", "hash"))
    assert event.subscribe_action.split(":")[-1] in {"read", "list"}
