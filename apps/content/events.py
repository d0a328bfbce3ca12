"""The domain events Content emits; their payload schemas are declared in ``system.json``.

Other apps put courses into their own payloads with :func:`course_ref`, so every event
describes a course the same way.
"""

from __future__ import annotations

from typing import Any

from apps.content.models import Course

COURSE_PUBLISHED = "course.published"


def course_ref(course: Course) -> dict[str, Any]:
    """A course in an event payload: ``{"id", "title"}``."""
    return {"id": course.pk, "title": course.title}
