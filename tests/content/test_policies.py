"""IAM: an instructor limited by policy to course X cannot touch course Y."""

from __future__ import annotations

import json
from typing import Any

import pytest

from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_course, make_user

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def instructor_world(tenant: Any) -> Any:
    from apps.iam.services import user_put_inline_policy

    with tenant_context(tenant):
        course_x = make_course("course-x")
        course_y = make_course("course-y")
        instructor = make_user(tenant, "instructor@example.com", admin=True)
        user_put_inline_policy(
            actor=None,
            user=instructor,
            name="course-x-only",
            document={
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": ["teacherseat:admin:content:*", "teacherseat:admin:learning:*"],
                        "Resource": [
                            f"trn:teacherseat:default:content:course/{course_x.pk}",
                            f"trn:teacherseat:default:learning:course/{course_x.pk}",
                        ],
                    }
                ],
            },
        )
    return course_x, course_y, signed_in(instructor)


def test_instructor_can_work_on_course_x(instructor_world):
    course_x, _, client = instructor_world
    assert client.get(f"/api/admin/content/courses/{course_x.pk}").status_code == 200
    renamed = client.patch(
        f"/api/admin/content/courses/{course_x.pk}",
        json.dumps({"title": "Mine"}),
        content_type=JSON,
    )
    assert renamed.status_code == 200 and renamed.json()["title"] == "Mine"
    assert client.get(f"/api/admin/learning/courses/{course_x.pk}/enrollments").status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/admin/content/courses/{y}"),
        ("patch", "/api/admin/content/courses/{y}"),
        ("post", "/api/admin/content/courses/{y}/publish"),
        ("post", "/api/admin/content/courses/{y}/duplicate"),
        ("get", "/api/admin/content/courses/{y}/questions"),
        ("post", "/api/admin/content/courses/{y}/chapters"),
        ("get", "/api/admin/learning/courses/{y}/enrollments"),
        ("get", "/api/admin/learning/courses/{y}/analytics"),
        ("get", "/api/admin/content/courses"),
        ("post", "/api/admin/content/courses"),
    ],
)
def test_instructor_cannot_touch_course_y_or_course_wide_actions(
    instructor_world, tenant, method, path
):
    _, course_y, client = instructor_world
    url = path.format(y=course_y.pk)
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(
            url, json.dumps({"title": "Hijacked", "slug": "h"}), content_type=JSON
        )
    assert response.status_code == 403
    assert response.json()["code"] == "action_denied"
    with tenant_context(tenant):
        course_y.refresh_from_db()
        assert course_y.title == "COURSE-Y"


def test_per_action_context_keys_let_a_policy_limit_uploads(tenant, settings, tmp_path):
    """content:FileSize / content:FileType come from the upload, as system.json declares."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.content.models import Chapter
    from apps.iam.services import user_put_inline_policy
    from apps.systems import registry
    from tests.iam.helpers import post

    settings.MEDIA_ROOT = str(tmp_path)
    declared = {
        key.key
        for permission in registry.get("content").permissions
        if permission.action == "teacherseat:admin:content:materials:upload"
        for key in permission.context_keys
    }
    assert declared == {"content:FileSize", "content:FileType"}
    with tenant_context(tenant):
        course = make_course("uploads", chapters=1, materials_per_chapter=0)
        chapter = Chapter.objects.get(course=course)
        editor = make_user(tenant, "editor@example.com", admin=True)
        user_put_inline_policy(
            actor=None,
            user=editor,
            name="small-pdfs-only",
            document={
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "teacherseat:admin:content:*", "Resource": "*"},
                    {
                        "Sid": "SmallPdfsOnly",
                        "Effect": "Deny",
                        "Action": "teacherseat:admin:content:materials:upload",
                        "Resource": "*",
                        "Condition": {
                            "NumericGreaterThan": {"content:FileSize": "10"},
                        },
                    },
                    {
                        "Effect": "Deny",
                        "Action": "teacherseat:admin:content:materials:upload",
                        "Resource": "*",
                        "Condition": {"StringNotEquals": {"content:FileType": "application/pdf"}},
                    },
                ],
            },
        )
    client = signed_in(editor)
    base = f"/api/admin/content/courses/{course.pk}"
    material = post(
        client, f"{base}/chapters/{chapter.pk}/materials", {"kind": "file", "title": "Notes"}
    ).json()
    url = f"{base}/materials/{material['id']}/file"

    small_pdf = client.post(
        url, {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4", "application/pdf")}
    )
    assert small_pdf.status_code == 200, small_pdf.content
    big_pdf = client.post(
        url, {"file": SimpleUploadedFile("b.pdf", b"%PDF" + b"x" * 20, "application/pdf")}
    )
    assert big_pdf.status_code == 403
    assert big_pdf.json()["action"] == "teacherseat:admin:content:materials:upload"
    text = client.post(url, {"file": SimpleUploadedFile("c.txt", b"hello", "text/plain")})
    assert text.status_code == 403


def test_a_patch_that_moves_a_chapter_needs_the_reorder_action_too(tenant):
    from apps.content.models import Chapter
    from apps.iam.services import user_put_inline_policy

    with tenant_context(tenant):
        course = make_course("course-z", chapters=2)
        editor = make_user(tenant, "editor@example.com", admin=True)
        user_put_inline_policy(
            actor=None,
            user=editor,
            name="edit-not-reorder",
            document={
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Action": "teacherseat:admin:content:*", "Resource": "*"},
                    {
                        "Effect": "Deny",
                        "Action": "teacherseat:admin:content:chapters:reorder",
                        "Resource": "*",
                    },
                ],
            },
        )
        first = Chapter.objects.get(course=course, position=1)
    client = signed_in(editor)
    url = f"/api/admin/content/courses/{course.pk}/chapters/{first.pk}"

    moved = client.patch(url, json.dumps({"title": "Renamed", "position": 2}), content_type=JSON)
    renamed = client.patch(url, json.dumps({"title": "Renamed"}), content_type=JSON)

    assert moved.status_code == 403
    assert moved.json()["action"] == "teacherseat:admin:content:chapters:reorder"
    assert renamed.status_code == 200 and renamed.json()["position"] == 1
    with tenant_context(tenant):
        first.refresh_from_db()
    assert first.position == 1 and first.title == "Renamed"
