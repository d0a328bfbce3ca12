"""Demo data: realistic, and idempotent when seeded twice."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import authenticate

from apps.content import demo as content_demo
from apps.content.models import Course, Material, Question, QuestionSet, Topic
from apps.learning import demo as learning_demo
from apps.learning.models import Enrollment, MaterialProgress
from apps.tenants.context import tenant_context

pytestmark = pytest.mark.django_db


def seed_all(tenant: Any) -> str:
    out = io.StringIO()
    with tenant_context(tenant):
        content_demo.seed(tenant=tenant, stdout=out)
        learning_demo.seed(tenant=tenant, stdout=out)
    return out.getvalue()


def snapshot(tenant: Any) -> dict[str, int]:
    with tenant_context(tenant):
        return {
            m.__name__: m.objects.count()
            for m in (Course, Material, Question, QuestionSet, Topic, Enrollment, MaterialProgress)
        }


def test_demo_seeds_a_practice_course_a_draft_and_a_student(tenant):
    printed = seed_all(tenant)
    assert "cloud-architect-practice" in printed and "student@default.example.com" in printed
    with tenant_context(tenant):
        practice = Course.objects.get(slug=content_demo.PRACTICE_SLUG)
        assert practice.status == "published"
        assert Course.objects.get(slug=content_demo.DRAFT_SLUG).status == "draft"
        assert Question.objects.filter(course=practice, parent__isnull=True).count() == 60
        assert sorted(Topic.objects.filter(course=practice).values_list("weight", flat=True)) == [
            20,
            24,
            26,
            30,
        ]
        exam = QuestionSet.objects.get(course=practice, title="Practice exam")
        assert exam.mode == "pool" and exam.draw_count == 20 and exam.draw_by_topic_weight
        kinds = set(Material.objects.filter(course=practice).values_list("kind", flat=True))
        assert kinds == {"article", "video", "quiz"}
        assert MaterialProgress.objects.filter(completed_at__isnull=False).count() == 3
        assert (
            authenticate(email="student@default.example.com", password="teacherseat-demo")
            is not None
        )


def test_demo_is_idempotent(tenant):
    seed_all(tenant)
    first = snapshot(tenant)
    assert "nothing new" in seed_all(tenant)
    assert snapshot(tenant) == first


def test_practice_exam_draws_20_by_topic_weight(tenant):
    seed_all(tenant)
    from apps.iam.models import User
    from apps.learning import services
    from apps.learning.models import AttemptItem

    with tenant_context(tenant):
        student = User.objects.get(email="student@default.example.com")
        exam = QuestionSet.objects.get(title="Practice exam")
        attempt, created = services.attempt_start(user=student, question_set_id=exam.pk)
        assert created
        per_topic = sorted(
            AttemptItem.objects.filter(attempt=attempt).values_list("topic_name", flat=True)
        )
    counts = {name: per_topic.count(name) for name in set(per_topic)}
    assert len(per_topic) == 20
    assert counts == {
        "Design Secure Architectures": 6,
        "Design Resilient Architectures": 5,
        "Design High-Performing Architectures": 5,
        "Design Cost-Optimized Architectures": 4,
    }


def test_seeding_two_tenants_keeps_rows_in_their_tenant(tenant: Any) -> None:
    # Seeding runs under RLS like everything else; each academy's enrollments point at
    # courses of the same academy (a cross-academy row would join to nothing here).
    from django.db import connection

    from apps.tenants.context import tenant_context
    from tests.factories import make_tenant

    acme = make_tenant("acme")
    seed_all(tenant)
    seed_all(acme)
    for academy in (tenant, acme):
        with tenant_context(academy), connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM learning_enrollments e"
                " LEFT JOIN content_courses c ON c.id = e.course_id WHERE c.id IS NULL"
            )
            assert cursor.fetchone()[0] == 0
            cursor.execute("SELECT count(*), count(DISTINCT tenant_id) FROM content_courses")
            courses, tenants = cursor.fetchone()
            assert courses > 0 and tenants == 1
