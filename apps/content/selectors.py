"""Reads of the Content system that other code (its views, other apps) may use."""

from __future__ import annotations

from typing import Any

from django.core.files import File

from apps.content.demo import PRACTICE_SLUG
from apps.content.files import open_tenant_file
from apps.content.models import Course


def material_file_open(key: str) -> File[Any]:
    """Open a stored material file of the current academy (404 problem outside it)."""
    return open_tenant_file(key)


def demo_practice_course() -> Course | None:
    """The demo data's practice course in the current academy (for other apps' demo data)."""
    return Course.objects.filter(slug=PRACTICE_SLUG).first()
