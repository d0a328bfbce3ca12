"""Pinned query counts: they must not grow with data (checked at two sizes where it matters).

Under pytest each request also runs: tenant lookup, SAVEPOINT, set_config (tenant), session,
user, ..., restore set_config, RELEASE (see tests/systems/test_admin_api.py). The counts
below include those; the endpoint's own reads are the difference.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.content import services as content
from apps.content.models import Course
from apps.tenants.context import tenant_context
from tests.factories import make_course
from tests.learning.helpers import complete_everything, enroll

pytestmark = pytest.mark.django_db
S = "/api/student/learning"
JSON = "application/json"


def count(client: Any, method: Any, url: Any, body: Any = None) -> Any:
    with CaptureQueriesContext(connection) as ctx:
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, json.dumps(body or {}), content_type=JSON)
    assert response.status_code < 300, (url, response.content[:300])
    return len(ctx.captured_queries), ctx.captured_queries


def test_outline_is_one_statement_whatever_the_course_size(tenant, world):
    enroll(world)
    with tenant_context(tenant):
        big = make_course("big", chapters=20, materials_per_chapter=25)
        from apps.learning.models import Enrollment

        Enrollment.objects.create(user=world.alice, course=big, source="admin")
    small_n, _ = count(world.alice_client, "get", f"{S}/courses/{world.course.pk}/outline")
    big_n, queries = count(world.alice_client, "get", f"{S}/courses/{big.pk}/outline")
    assert small_n == big_n == 9  # +1 since student endpoints ask IAM (the policy stamp)
    outline_sql = [q["sql"] for q in queries if "content_materials" in q["sql"]]
    assert len(outline_sql) == 1
    body = world.alice_client.get(f"{S}/courses/{big.pk}/outline").json()
    assert len(body["chapters"]) == 20 and all(len(c["materials"]) == 25 for c in body["chapters"])
    assert [m["position"] for m in body["chapters"][7]["materials"]] == list(range(1, 26))


STUDENT_READS = [
    ("get", "/api/student/content/courses", 9),
    ("get", "/api/student/content/courses/{course}", 8),
    # Signed-in student endpoints ask IAM like admin ones: one policy-stamp query each.
    ("get", S + "/my/courses", 10),
    ("get", S + "/courses/{course}/outline", 9),
    ("get", S + "/materials/{article}", 9),
    ("get", S + "/question-sets/{set}/attempts", 9),
    ("get", S + "/attempts/{attempt}", 10),
    ("get", S + "/certificates", 9),
]


@pytest.mark.parametrize(("method", "url", "expected"), STUDENT_READS)
def test_student_read_query_counts_are_pinned_and_flat(world, tenant, method, url, expected):
    complete_everything(world)
    with tenant_context(tenant):
        from apps.learning.models import Attempt

        attempt = Attempt.objects.get()
    ids = {
        "course": world.course.pk,
        "article": world.articles[0].pk,
        "set": world.quiz_set.pk,
        "attempt": attempt.pk,
    }
    first, _ = count(world.alice_client, method, url.format(**ids))
    # More data: other courses, another learner's progress and attempts.
    with tenant_context(tenant):
        for i in range(3):
            make_course(f"more-{i}", chapters=3, materials_per_chapter=3)
    complete_everything(world, world.bob_client)
    second, _ = count(world.alice_client, method, url.format(**ids))
    assert first == second == expected


# A domain event costs one statement (the outbox INSERT, in the request's transaction):
# completing a material emits material.completed, a submit attempt.submitted (plus one read
# of the question set with its course for the payload). Enrolling again emits nothing.
STUDENT_WRITES = [
    ("post", S + "/materials/{article}/complete", None, 21),
    ("post", S + "/question-sets/{set}/attempts", None, 18),
    ("put", S + "/attempts/{attempt}/items/1/answer", {"choice_ids": ["a"]}, 11),
    ("put", S + "/attempts/{attempt}/items/1/flag", {"flagged": True}, 11),
    ("post", S + "/attempts/{attempt}/submit", None, 15),
    ("post", S + "/courses/{course}/enroll", None, 14),
]


@pytest.mark.parametrize(("method", "url", "body", "expected"), STUDENT_WRITES)
def test_student_write_query_counts_are_pinned(world, tenant, method, url, body, expected):
    enroll(world)
    attempt = world.alice_client.post(
        f"{S}/question-sets/{world.quiz_set.pk}/attempts", "{}", content_type=JSON
    ).json()
    if url.endswith("/attempts"):
        world.alice_client.post(f"{S}/attempts/{attempt['id']}/submit", "{}", content_type=JSON)
    ids = {
        "course": world.course.pk,
        "article": world.articles[0].pk,
        "set": world.quiz_set.pk,
        "attempt": attempt["id"],
    }
    n, _ = count(world.alice_client, method, url.format(**ids), body)
    assert n == expected


def test_public_verification_query_count(world, tenant):
    complete_everything(world)
    code = world.alice_client.get(f"{S}/certificates").json()[0]["code"]
    from django.test import Client

    n, _ = count(Client(), "get", f"{S}/certificates/verify/{code}")
    assert n == 6


ADMIN_READS = [
    "/api/admin/content/courses",
    "/api/admin/content/courses/{course}",
    "/api/admin/content/courses/{course}/chapters",
    "/api/admin/content/courses/{course}/chapters/{chapter}",
    "/api/admin/content/courses/{course}/materials/{article}",
    "/api/admin/content/courses/{course}/topics",
    "/api/admin/content/courses/{course}/questions",
    "/api/admin/content/courses/{course}/questions/{question}",
    "/api/admin/content/courses/{course}/question-sets",
    "/api/admin/content/courses/{course}/question-sets/{set}",
    "/api/admin/content/courses/{course}/export",
    "/api/admin/learning/courses/{course}/enrollments",
    "/api/admin/learning/courses/{course}/certificates",
    "/api/admin/learning/courses/{course}/analytics",
]
ADMIN_EXPECTED = {
    "/api/admin/content/courses": 9,
    "/api/admin/content/courses/{course}/chapters": 9,
    "/api/admin/content/courses/{course}/topics": 9,
    "/api/admin/content/courses/{course}/questions": 10,
    "/api/admin/content/courses/{course}/question-sets": 9,
    "/api/admin/learning/courses/{course}/enrollments": 10,
    "/api/admin/learning/courses/{course}/certificates": 10,
}


@pytest.mark.parametrize("url", ADMIN_READS)
def test_admin_read_query_counts_are_pinned_and_flat(owner_client, world, tenant, url):
    complete_everything(world)
    ids = {
        "course": world.course.pk,
        "article": world.articles[0].pk,
        "set": world.quiz_set.pk,
        "chapter": world.articles[0].chapter_id,
        "question": world.questions[0].pk,
    }
    first, _ = count(owner_client, "get", url.format(**ids))
    with tenant_context(tenant):
        course = Course.objects.get(pk=world.course.pk)
        chapter = content.chapter_create(course=course, title="Extra")
        for i in range(5):
            content.material_create(
                course=course,
                chapter_id=chapter.pk,
                kind="article",
                title=f"x{i}",
                fields={"body": "b"},
            )
    complete_everything(world, world.bob_client)
    second, _ = count(owner_client, "get", url.format(**ids))
    assert first == second == ADMIN_EXPECTED.get(url, 8)
