"""Small factories (plain functions): explicit over magic fixtures."""

from __future__ import annotations

from typing import Any

from apps.iam.models import User
from apps.tenants.db_role import owner_connection
from apps.tenants.models import Tenant


def make_tenant(slug: str, name: str | None = None, **fields: Any) -> Tenant:
    """Get or create an academy. Written by the owner (the app role may only read tenants)
    on a connection of its own, so it is committed at once; conftest removes it."""
    with owner_connection() as using:
        row, _ = Tenant.objects.using(using).get_or_create(
            slug=slug, defaults={"name": name or slug, **fields}
        )
    return Tenant.objects.get(pk=row.pk)


def make_user(
    tenant: Tenant,
    email: str,
    *,
    password: str = "correct horse battery staple",
    admin: bool = False,
    owner: bool = False,
    **fields: Any,
) -> User:
    """Create a user; the caller must be inside ``tenant_context(tenant)``."""
    return User.objects.create_user(
        email=email,
        password=password,
        admin_panel_access=admin,
        is_account_owner=owner,
        **fields,
    )


ALLOW_ALL_DOC: dict[str, Any] = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
}


def make_policy(name: str, document: dict[str, Any] | None = None, **fields: Any) -> Any:
    """A managed policy with version 1 as its default (inside a tenant context)."""
    from apps.iam.models import ManagedPolicy, PolicyVersion

    policy = ManagedPolicy.objects.create(name=name, **fields)
    PolicyVersion.objects.create(policy=policy, number=1, document=document or ALLOW_ALL_DOC)
    return policy


def make_iam_row(model: type[Any], marker: str) -> Any:
    """One valid row of an IAM tenant-owned model (for the RLS isolation test); else None."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.iam import models as iam

    def user() -> User:
        return make_user(None, f"{marker}-{model.__name__.lower()}@example.com")  # type: ignore[arg-type]

    if model is iam.Group:
        return iam.Group.objects.create(name=f"g-{marker}")
    if model is iam.GroupMembership:
        return iam.GroupMembership.objects.create(
            group=iam.Group.objects.create(name=f"gm-{marker}"), user=user()
        )
    if model is iam.Role:
        return iam.Role.objects.create(name=f"r-{marker}")
    if model is iam.RoleAssignment:
        return iam.RoleAssignment.objects.create(
            role=iam.Role.objects.create(name=f"ra-{marker}"), user=user()
        )
    if model is iam.ManagedPolicy:
        return iam.ManagedPolicy.objects.create(name=f"p-{marker}")
    if model is iam.PolicyVersion:
        return make_policy(f"pv-{marker}").versions.get()
    if model is iam.PolicyAttachment:
        return iam.PolicyAttachment.objects.create(policy=make_policy(f"pa-{marker}"), user=user())
    if model is iam.InlinePolicy:
        return iam.InlinePolicy.objects.create(
            name=f"i-{marker}", document=ALLOW_ALL_DOC, user=user()
        )
    if model is iam.PolicyStamp:
        return iam.PolicyStamp.objects.create(version=1)
    if model is iam.AuditEvent:
        return iam.AuditEvent.objects.create(action=f"test:{marker}")
    if model is iam.RecoveryCode:
        return iam.RecoveryCode.objects.create(user=user(), code_hash=marker)
    if model is iam.OneTimeToken:
        return iam.OneTimeToken.objects.create(
            user=user(),
            purpose=iam.OneTimeToken.Purpose.VERIFY_EMAIL,
            token_hash=f"h-{marker}",
            expires_at=timezone.now() + timedelta(hours=1),
        )
    if model is iam.AccountSettings:
        return iam.AccountSettings.objects.create(signin_requires_verified_email=True)
    if model is iam.AccessKey:
        return iam.AccessKey.objects.create(user=user(), key_id=f"TSAK{marker}", secret_hash="x")
    return None


# --- content / learning (call inside ``tenant_context``) ------------------------------------


def make_course(
    slug: str = "aws-saa",
    *,
    chapters: int = 2,
    materials_per_chapter: int = 2,
    published: bool = True,
    title: str | None = None,
) -> Any:
    """A course with ``chapters`` x ``materials_per_chapter`` article materials."""
    from apps.content import services
    from apps.content.models import Course

    course = services.course_create(
        title=title or slug.upper(),
        slug=slug,
        summary="s",
        description="# Intro\n\nLearn *things*.",
    )
    for c in range(1, chapters + 1):
        chapter = services.chapter_create(course=course, title=f"Chapter {c}")
        for m in range(1, materials_per_chapter + 1):
            services.material_create(
                course=course,
                chapter_id=chapter.pk,
                kind="article",
                title=f"Lesson {c}.{m}",
                fields={"body": f"Body {c}.{m}"},
            )
    if published and chapters and materials_per_chapter:
        services.course_set_status(course=course, status=Course.Status.PUBLISHED)
    return course


def make_question(
    course: Any, *, topic: Any = None, kind: str = "single", stem: str = "Pick one"
) -> Any:
    """A question whose correct choices are ``b`` (single) or ``a`` and ``c`` (multiple)."""
    from apps.content import services

    if kind == "single":
        choices = [{"text": "A"}, {"text": "B", "correct": True}, {"text": "C"}]
    else:
        choices = [{"text": "A", "correct": True}, {"text": "B"}, {"text": "C", "correct": True}]
    return services.question_create(
        course=course,
        data={
            "kind": kind,
            "stem": stem,
            "choices": choices,
            "explanation": "Because.",
            "topic_id": topic.pk if topic else None,
        },
    )
