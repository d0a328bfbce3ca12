"""Events fixtures: the outbox as a test reads it, and the learning world (a published
course with a quiz, two learners) from tests/learning."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import jsonschema
import pytest
from django.core.serializers.json import DjangoJSONEncoder

from apps.events.models import Event
from apps.systems.registry import event_types
from apps.tenants.context import tenant_context
from tests.learning.conftest import world  # noqa: F401 - the fixture, reused

SECRET_WORDS = {"password", "token", "secret", "hash", "password_hash", "mfa_secret"}


def _keys(value: Any) -> Iterator[str]:
    """Every key at any depth of a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item)


def iso(moment: datetime | None) -> str | None:
    """A timestamp as an event payload carries it (``DjangoJSONEncoder``)."""
    return json.loads(json.dumps(moment, cls=DjangoJSONEncoder))


class Outbox:
    """The academy's outbox rows written after :meth:`mark` (oldest first)."""

    def __init__(self, tenant: Any) -> None:
        self.tenant = tenant
        self._seen: set[Any] = set()

    def mark(self) -> None:
        with tenant_context(self.tenant):
            self._seen = set(Event.objects.values_list("pk", flat=True))

    def new(self) -> list[tuple[str, dict[str, Any]]]:
        """``(type, payload)`` of every row since the mark; each payload is checked against
        the schema its system.json declares (with formats)."""
        with tenant_context(self.tenant):
            rows = [
                e for e in Event.objects.order_by("occurred_at", "pk") if e.pk not in self._seen
            ]
        checker = jsonschema.FormatChecker()
        for row in rows:
            jsonschema.validate(row.payload, event_types()[row.type].schema, format_checker=checker)
            assert not SECRET_WORDS & set(_keys(row.payload)), row.payload
        return [(row.type, row.payload) for row in rows]

    def types(self) -> list[str]:
        return [event_type for event_type, _ in self.new()]


@pytest.fixture
def outbox(tenant: Any) -> Outbox:
    box = Outbox(tenant)
    box.mark()
    return box
