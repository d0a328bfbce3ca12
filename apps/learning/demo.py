"""Demo learner with some progress in the practice course (runs after content's seed)."""

from __future__ import annotations

from typing import Any

from apps.content.models import Material
from apps.content.selectors import demo_practice_course
from apps.iam.models import User
from apps.iam.services.accounts import account_create
from apps.learning import services
from apps.learning.models import Enrollment

DEMO_PASSWORD = "teacherseat-demo"  # local demo data only (seed_demo refuses production)


def seed(*, tenant: Any, stdout: Any) -> None:
    """Idempotent; runs inside the academy's tenant context (RLS scopes every lookup)."""
    course = demo_practice_course()
    if course is None:
        stdout.write(f"learning [{tenant.slug}]: no practice course, nothing seeded")
        return
    email = f"student@{tenant.slug}.example.com"
    student = User.objects.filter(tenant=tenant, email=email).first()
    created = student is None
    if student is None:
        student = account_create(
            email=email, password=DEMO_PASSWORD, name="Demo Student", source="seed"
        )
    services.enrollment_enroll(user=student, course=course, source=Enrollment.Source.SELF)
    materials = list(
        Material.objects.filter(course=course).order_by("chapter__position", "position")
    )
    for material in [m for m in materials if m.kind == Material.Kind.ARTICLE][:3]:
        services.progress_complete_material(user=student, material_id=material.pk)
    video = next(
        (m for m in materials if m.kind == Material.Kind.VIDEO and m.chapter.position == 2), None
    )
    if video is not None:
        services.progress_set_position(user=student, material_id=video.pk, position_seconds=312)
    stdout.write(
        f"learning [{tenant.slug}]: {'created' if created else 'kept'} demo student "
        f"{email} / {DEMO_PASSWORD} (enrolled, 3 articles done, a video half-watched)"
    )
