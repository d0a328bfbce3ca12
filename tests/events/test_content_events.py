"""Content's event: course.published, when a course becomes published (not when it stays)."""

from __future__ import annotations

import pytest

from apps.content.models import Course
from apps.tenants.context import tenant_context
from tests.events.conftest import iso
from tests.factories import make_course
from tests.iam.helpers import post

pytestmark = pytest.mark.django_db
COURSES = "/api/admin/content/courses"


def test_publishing_emits_course_published_once_per_publication(owner_client, tenant, outbox):
    with tenant_context(tenant):
        course = make_course("intro", published=False, title="Intro")
    outbox.mark()

    assert post(owner_client, f"{COURSES}/{course.pk}/publish").status_code == 200
    assert post(owner_client, f"{COURSES}/{course.pk}/publish").status_code == 200  # stays
    with tenant_context(tenant):
        first = Course.objects.get(pk=course.pk).published_at
    assert post(owner_client, f"{COURSES}/{course.pk}/unpublish").status_code == 200
    assert post(owner_client, f"{COURSES}/{course.pk}/publish").status_code == 200  # again

    published = {
        "course": {"id": course.pk, "title": "Intro", "slug": "intro", "published_at": iso(first)}
    }
    assert outbox.new() == [("course.published", published), ("course.published", published)]


def test_a_refused_publication_emits_nothing(owner_client, tenant, outbox):
    with tenant_context(tenant):
        empty = make_course("empty", chapters=0, published=False)
    outbox.mark()

    response = post(owner_client, f"{COURSES}/{empty.pk}/publish")

    assert response.status_code == 400 and response.json()["code"] == "course_empty"
    assert outbox.new() == []
