"""Request-body validation shared by every namespace's views."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from apps.core.errors import ValidationFailed


def parse(
    serializer_class: type[serializers.Serializer[Any]], data: Any, *, partial: bool = False
) -> dict[str, Any]:
    """Validate a JSON body with a small input serializer; 400 problem on any fault.

    A body that is not a JSON object (a list, a string) is refused up front rather than
    surfacing as a serializer crash.
    """
    if not isinstance(data, dict):
        raise ValidationFailed(
            "The body must be a JSON object.",
            code="validation_error",
            errors={"non_field_errors": ["expected a JSON object"]},
        )
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
