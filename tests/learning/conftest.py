"""Learning fixtures: a published course with a quiz, and two students."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from apps.content import services as content
from apps.content.models import Chapter, Material
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_course, make_question, make_user


@pytest.fixture
def world(tenant: Any) -> SimpleNamespace:
    """Course: 2 chapters x 2 articles + a required quiz (fixed set of 2 single, 1 multiple)."""
    with tenant_context(tenant):
        course = make_course("course", chapters=2, materials_per_chapter=2, published=False)
        net = content.topic_create(course=course, name="Networking", weight=2)
        sec = content.topic_create(course=course, name="Security", weight=1)
        q1 = make_question(course, topic=net, stem="Q1")
        q2 = make_question(course, topic=net, stem="Q2")
        q3 = make_question(course, topic=sec, kind="multiple", stem="Q3")
        quiz_set = content.question_set_create(
            course=course,
            data={"title": "Quiz", "mode": "fixed", "pass_mark": 60},
            question_ids=[q1.pk, q2.pk, q3.pk],
        )
        last = Chapter.objects.get(course=course, position=2)
        quiz = content.material_create(
            course=course,
            chapter_id=last.pk,
            kind="quiz",
            title="Quiz",
            fields={"question_set_id": quiz_set.pk},
        )
        content.course_set_status(course=course, status="published")
        articles = list(
            Material.objects.filter(course=course, kind="article").order_by(
                "chapter__position", "position"
            )
        )
        alice = make_user(tenant, "alice@example.com", name="Alice")
        bob = make_user(tenant, "bob@example.com", name="Bob")
    return SimpleNamespace(
        course=course,
        quiz_set=quiz_set,
        quiz=quiz,
        articles=articles,
        questions=[q1, q2, q3],
        topics=[net, sec],
        alice=alice,
        bob=bob,
        alice_client=signed_in(alice),
        bob_client=signed_in(bob),
    )
