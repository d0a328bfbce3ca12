"""Demo content: a published practice course with a 60-question pool, and a draft course."""

from __future__ import annotations

from typing import Any

from apps.content import services
from apps.content.models import Chapter, Course

PRACTICE_SLUG = "cloud-architect-practice"
DRAFT_SLUG = "kubernetes-fundamentals"

TOPICS = (
    ("Design Secure Architectures", 30, "security"),
    ("Design Resilient Architectures", 26, "resilience"),
    ("Design High-Performing Architectures", 24, "performance"),
    ("Design Cost-Optimized Architectures", 20, "cost"),
)

CHAPTERS: tuple[tuple[str, tuple[tuple[str, str, dict[str, Any]], ...]], ...] = (
    (
        "Getting started",
        (
            (
                "Welcome to the course",
                "video",
                {"video_provider": "youtube", "video_ref": "dQw4w9WgXcQ", "duration_seconds": 240},
            ),
            (
                "How the exam works",
                "article",
                {
                    "body": "## Format\n\n65 questions, 130 minutes. "
                    "Scores range from 100 to 1000; **720** passes.\n\n"
                    "- Multiple choice\n- Multiple response"
                },
            ),
            (
                "Study plan",
                "article",
                {"body": "Spend a week per domain, then take the practice exam twice."},
            ),
        ),
    ),
    (
        "Security",
        (
            (
                "Identity and access",
                "video",
                {"video_url": "https://videos.example.com/iam.mp4", "duration_seconds": 780},
            ),
            (
                "Least privilege in practice",
                "article",
                {"body": "Grant only what a task needs. Prefer roles to long-lived keys."},
            ),
            (
                "Encryption at rest and in transit",
                "article",
                {"body": "Use managed keys; rotate them; enforce TLS 1.2+."},
            ),
        ),
    ),
    (
        "Resilience and performance",
        (
            (
                "Multi-AZ and multi-region",
                "video",
                {"video_provider": "vimeo", "video_ref": "76979871", "duration_seconds": 900},
            ),
            (
                "Caching strategies",
                "article",
                {"body": "Cache at the edge, in the app, and in the database layer."},
            ),
            (
                "Decoupling with queues",
                "article",
                {"body": "Queues absorb spikes and isolate failures."},
            ),
        ),
    ),
    (
        "Cost optimisation",
        (
            (
                "Pricing models",
                "article",
                {"body": "On-demand, reserved, savings plans and spot: when to use each."},
            ),
            (
                "Right-sizing",
                "video",
                {"video_provider": "youtube", "video_ref": "aqz-KE-bpKQ", "duration_seconds": 420},
            ),
        ),
    ),
)


def _question(index: int, topic_label: str) -> dict[str, Any]:
    if index % 5 == 4:
        return {
            "kind": "multiple",
            "stem": f"({topic_label} #{index + 1}) Which TWO options meet the requirement?",
            "choices": [
                {"text": "Option A", "correct": True},
                {"text": "Option B"},
                {"text": "Option C", "correct": True},
                {"text": "Option D"},
            ],
            "explanation": "A and C both satisfy the requirement; B and D do not.",
            "difficulty": 4,
        }
    correct = index % 4
    return {
        "kind": "single",
        "stem": f"({topic_label} #{index + 1}) Which design best meets the {topic_label} goal?",
        "choices": [
            {"text": f"Design {letter}", "correct": n == correct} for n, letter in enumerate("ABCD")
        ],
        "explanation": f"Design {'ABCD'[correct]} is the {topic_label}-first choice.",
        "difficulty": 1 + index % 5,
    }


def _add_material(chapter: Chapter, title: str, kind: str, fields: dict[str, Any]) -> None:
    services.material_create(
        course=chapter.course, chapter_id=chapter.pk, kind=kind, title=title, fields=fields
    )


def _seed_practice_course() -> Course:
    course = services.course_create(
        title="Cloud Architect Associate: Practice Course",
        slug=PRACTICE_SLUG,
        summary="Lessons and a timed practice exam for the associate architect certification.",
        description="# Pass with confidence\n\nShort lessons per exam domain, then a "
        "**timed practice exam** drawn from a 60-question pool.",
        tags=["cloud", "architecture", "certification"],
        estimated_minutes=600,
    )
    question_ids: list[int] = []
    for name, weight, label in TOPICS:
        topic = services.topic_create(course=course, name=name, weight=weight)
        for index in range(15):
            data = _question(index, label) | {"topic_id": topic.pk}
            question_ids.append(services.question_create(course=course, data=data).pk)
    exam = services.question_set_create(
        course=course,
        data={
            "title": "Practice exam",
            "mode": "pool",
            "draw_count": 20,
            "draw_by_topic_weight": True,
            "time_limit_seconds": 40 * 60,
            "pass_mark": 72,
            "shuffle": True,
            "attempts_allowed": 5,
            "partial_credit": False,
        },
    )
    check = services.question_set_create(
        course=course,
        data={"title": "Security check", "mode": "fixed", "pass_mark": 60, "partial_credit": True},
        question_ids=question_ids[:5],
    )
    for position, (chapter_title, materials) in enumerate(CHAPTERS, start=1):
        chapter = services.chapter_create(course=course, title=chapter_title)
        for title, kind, fields in materials:
            _add_material(chapter, title, kind, fields)
        if position == 2:
            _add_material(chapter, "Security check", "quiz", {"question_set_id": check.pk})
    final = services.chapter_create(course=course, title="Practice exam")
    _add_material(final, "Full practice exam", "quiz", {"question_set_id": exam.pk})
    return services.course_set_status(course=course, status=Course.Status.PUBLISHED)


def _seed_draft_course() -> Course:
    course = services.course_create(
        title="Kubernetes Fundamentals",
        slug=DRAFT_SLUG,
        summary="Work in progress.",
        description="Pods, deployments and services.",
        tags=["kubernetes"],
        estimated_minutes=240,
    )
    chapter = services.chapter_create(course=course, title="Pods")
    _add_material(chapter, "What is a pod?", "article", {"body": "A pod is ..."})
    return course


def seed(*, tenant: Any, stdout: Any) -> None:
    """Idempotent: each course is created only when its slug is free.

    It runs inside the academy's tenant context; lookups also name the tenant, harmlessly.
    """
    created = []
    if not Course.objects.filter(tenant=tenant, slug=PRACTICE_SLUG).exists():
        _seed_practice_course()
        created.append(PRACTICE_SLUG)
    if not Course.objects.filter(tenant=tenant, slug=DRAFT_SLUG).exists():
        _seed_draft_course()
        created.append(DRAFT_SLUG)
    what = ", ".join(created) if created else "nothing new"
    stdout.write(
        f"content [{tenant.slug}]: seeded {what} (practice course: 60 questions, "
        "4 weighted topics, practice exam; draft course)"
    )
