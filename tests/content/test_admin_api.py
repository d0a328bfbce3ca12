"""Content admin API: courses, ordering, materials, questions, sets, import/export."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.content.models import Chapter, Course, Material, Question, QuestionSet
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_course, make_question, make_tenant, make_user

pytestmark = pytest.mark.django_db
JSON = "application/json"


def post(client: Any, url: Any, body: Any = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type=JSON)


def patch(client: Any, url: Any, body: Any) -> Any:
    return client.patch(url, json.dumps(body), content_type=JSON)


def test_create_course_renders_and_sanitises_markdown(owner_client):
    response = post(
        owner_client,
        "/api/admin/content/courses",
        {
            "title": "AWS SAA",
            "slug": "aws-saa",
            "tags": ["aws", "cloud", "aws"],
            "description": "# Hi\n<script>alert(1)</script>[x](javascript:alert(1)) **bold**",
            "estimated_minutes": 600,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["tags"] == ["aws", "cloud"]
    assert "<strong>bold</strong>" in body["description_html"]
    assert "<script" not in body["description_html"]
    assert "javascript:" not in body["description_html"]
    assert body["chapters"] == [] and body["estimated_minutes"] == 600


def test_duplicate_slug_is_409_and_bad_types_are_400(owner_client):
    post(owner_client, "/api/admin/content/courses", {"title": "A", "slug": "a"})
    again = post(owner_client, "/api/admin/content/courses", {"title": "B", "slug": "a"})
    assert again.status_code == 409 and again.json()["code"] == "slug_taken"
    bad = post(
        owner_client,
        "/api/admin/content/courses",
        {"title": "B", "slug": "Not A Slug", "estimated_minutes": "lots"},
    )
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    assert "estimated_minutes" in bad.json()["errors"]
    not_object = owner_client.post("/api/admin/content/courses", "[1]", content_type=JSON)
    assert not_object.status_code == 400


def test_course_list_is_paginated_filtered_and_searchable(owner_client, tenant):
    with tenant_context(tenant):
        make_course("alpha", title="Alpha")
        make_course("beta", title="Beta", published=False)
    listed = owner_client.get("/api/admin/content/courses?sort=title")
    assert [c["slug"] for c in listed.json()] == ["alpha", "beta"]
    assert json.loads(listed["X-Pagination"])["total"] == 2
    assert listed.json()[0]["chapter_count"] == 2 and listed.json()[0]["material_count"] == 4
    drafts = owner_client.get("/api/admin/content/courses?status=draft").json()
    assert [c["slug"] for c in drafts] == ["beta"]
    assert [
        c["slug"] for c in owner_client.get("/api/admin/content/courses?search=alp").json()
    ] == ["alpha"]
    assert owner_client.get("/api/admin/content/courses?status=nope").status_code == 400


def test_publish_needs_material_and_unpublish_returns_to_draft(owner_client):
    course = post(owner_client, "/api/admin/content/courses", {"title": "A", "slug": "a"}).json()
    empty = post(owner_client, f"/api/admin/content/courses/{course['id']}/publish")
    assert empty.status_code == 400 and empty.json()["code"] == "course_empty"
    chapter = post(
        owner_client, f"/api/admin/content/courses/{course['id']}/chapters", {"title": "One"}
    ).json()
    post(
        owner_client,
        f"/api/admin/content/courses/{course['id']}/chapters/{chapter['id']}/materials",
        {"kind": "article", "title": "Read me", "body": "Hello"},
    )
    published = post(owner_client, f"/api/admin/content/courses/{course['id']}/publish")
    assert published.json()["status"] == "published" and published.json()["published_at"]
    assert owner_client.delete(f"/api/admin/content/courses/{course['id']}").status_code == 409
    draft = post(owner_client, f"/api/admin/content/courses/{course['id']}/unpublish")
    assert draft.json()["status"] == "draft"
    assert owner_client.delete(f"/api/admin/content/courses/{course['id']}").status_code == 204
    assert owner_client.get(f"/api/admin/content/courses/{course['id']}").status_code == 404


def _positions(tenant: Any, course_id: Any) -> Any:
    with tenant_context(tenant):
        return list(
            Chapter.objects.filter(course_id=course_id)
            .order_by("position")
            .values_list("title", "position")
        )


def test_move_chapter_keeps_positions_contiguous(owner_client, tenant):
    with tenant_context(tenant):
        course = make_course("c", chapters=4, materials_per_chapter=1)
        ids = list(
            Chapter.objects.filter(course=course).order_by("position").values_list("pk", flat=True)
        )
    response = post(
        owner_client,
        f"/api/admin/content/courses/{course.pk}/chapters/{ids[3]}/move",
        {"position": 1},
    )
    assert response.status_code == 200
    assert [c["title"] for c in response.json()] == [
        "Chapter 4",
        "Chapter 1",
        "Chapter 2",
        "Chapter 3",
    ]
    assert [p for _, p in _positions(tenant, course.pk)] == [1, 2, 3, 4]


@pytest.mark.parametrize("position", [0, 5, -1, "two"])
def test_move_chapter_to_impossible_position_is_400_and_changes_nothing(
    owner_client, tenant, position
):
    with tenant_context(tenant):
        course = make_course("c", chapters=4, materials_per_chapter=1)
        chapter = Chapter.objects.get(course=course, position=2)
    before = _positions(tenant, course.pk)
    response = post(
        owner_client,
        f"/api/admin/content/courses/{course.pk}/chapters/{chapter.pk}/move",
        {"position": position},
    )
    assert response.status_code == 400
    assert response.json()["code"] in {"invalid_position", "validation_error"}
    assert _positions(tenant, course.pk) == before


def test_move_material_across_chapters_and_delete_close_gaps(owner_client, tenant):
    with tenant_context(tenant):
        course = make_course("c", chapters=2, materials_per_chapter=3)
        first, second = Chapter.objects.filter(course=course).order_by("position")
        moving = Material.objects.get(chapter=first, position=1)
    url = f"/api/admin/content/courses/{course.pk}/materials/{moving.pk}/move"
    impossible = post(owner_client, url, {"position": 5, "chapter_id": second.pk})
    assert impossible.status_code == 400 and impossible.json()["max_position"] == 4
    response = post(owner_client, url, {"position": 2, "chapter_id": second.pk})
    assert response.status_code == 200
    assert [m["title"] for m in response.json()["materials"]] == [
        "Lesson 2.1",
        "Lesson 1.1",
        "Lesson 2.2",
        "Lesson 2.3",
    ]
    with tenant_context(tenant):
        assert list(
            Material.objects.filter(chapter=first)
            .order_by("position")
            .values_list("title", "position")
        ) == [("Lesson 1.2", 1), ("Lesson 1.3", 2)]
        victim = Material.objects.get(chapter=second, position=1)
    assert (
        owner_client.delete(
            f"/api/admin/content/courses/{course.pk}/materials/{victim.pk}"
        ).status_code
        == 204
    )
    with tenant_context(tenant):
        assert list(
            Material.objects.filter(chapter=second)
            .order_by("position")
            .values_list("position", flat=True)
        ) == [1, 2, 3]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "video", "title": "V"}, "video_ref"),
        (
            {"kind": "video", "title": "V", "video_provider": "myspace", "video_ref": "x"},
            "video_provider",
        ),
        ({"kind": "video", "title": "V", "video_url": "ftp://x"}, "video_url"),
        ({"kind": "article", "title": "A"}, "body"),
        ({"kind": "quiz", "title": "Q"}, "question_set_id"),
        ({"kind": "quiz", "title": "Q", "question_set_id": 999999}, "question_set_id"),
        ({"kind": "podcast", "title": "P"}, "kind"),
        (
            {
                "kind": "video",
                "title": "V",
                "video_url": "https://x.test/v",
                "duration_seconds": "long",
            },
            "duration_seconds",
        ),
    ],
)
def test_material_kind_specific_validation(owner_client, tenant, body, field):
    with tenant_context(tenant):
        course = make_course("c", chapters=1, materials_per_chapter=0, published=False)
        chapter = Chapter.objects.get(course=course)
    response = post(
        owner_client,
        f"/api/admin/content/courses/{course.pk}/chapters/{chapter.pk}/materials",
        body,
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    with tenant_context(tenant):
        assert Material.objects.count() == 0


def test_video_and_quiz_materials_are_created(owner_client, tenant):
    with tenant_context(tenant):
        course = make_course("c", chapters=1, materials_per_chapter=0, published=False)
        chapter = Chapter.objects.get(course=course)
        question = make_question(course)
    base = f"/api/admin/content/courses/{course.pk}"
    video = post(
        owner_client,
        f"{base}/chapters/{chapter.pk}/materials",
        {
            "kind": "video",
            "title": "Intro",
            "video_provider": "youtube",
            "video_ref": "abc",
            "duration_seconds": 300,
        },
    )
    assert video.status_code == 201 and video.json()["video_ref"] == "abc"
    qs = post(
        owner_client,
        f"{base}/question-sets",
        {"title": "Quiz", "mode": "fixed", "question_ids": [question.pk], "pass_mark": 80},
    )
    assert qs.status_code == 201 and qs.json()["question_ids"] == [question.pk]
    quiz = post(
        owner_client,
        f"{base}/chapters/{chapter.pk}/materials",
        {"kind": "quiz", "title": "Check", "question_set_id": qs.json()["id"], "position": 1},
    )
    assert quiz.status_code == 201 and quiz.json()["position"] == 1
    assert owner_client.delete(f"{base}/question-sets/{qs.json()['id']}").status_code == 409


def test_publishing_needs_the_files_of_file_materials(owner_client, tenant, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    with tenant_context(tenant):
        course = make_course("files", chapters=1, materials_per_chapter=1, published=False)
        chapter = Chapter.objects.get(course=course)
    base = f"/api/admin/content/courses/{course.pk}"
    material = post(
        owner_client, f"{base}/chapters/{chapter.pk}/materials", {"kind": "file", "title": "Slides"}
    ).json()
    refused = post(owner_client, f"{base}/publish")
    assert refused.status_code == 400
    assert refused.json()["code"] == "file_missing"
    assert refused.json()["errors"] == {"materials": ["Slides"]}
    upload = SimpleUploadedFile("s.pdf", b"%PDF-1.4", "application/pdf")
    uploaded = owner_client.post(f"{base}/materials/{material['id']}/file", {"file": upload})
    assert uploaded.status_code == 200
    assert post(owner_client, f"{base}/publish").json()["status"] == "published"


def test_file_upload_limits(owner_client, tenant, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    with tenant_context(tenant):
        course = make_course("c", chapters=1, materials_per_chapter=0, published=False)
        chapter = Chapter.objects.get(course=course)
    base = f"/api/admin/content/courses/{course.pk}"
    material = post(
        owner_client, f"{base}/chapters/{chapter.pk}/materials", {"kind": "file", "title": "Slides"}
    ).json()
    url = f"{base}/materials/{material['id']}/file"
    with override_settings(CONTENT_MAX_FILE_BYTES=100):
        big = owner_client.post(
            url, {"file": SimpleUploadedFile("s.pdf", b"x" * 101, "application/pdf")}
        )
    assert big.status_code == 413 and big.json()["code"] == "file_too_large"
    exe = owner_client.post(
        url, {"file": SimpleUploadedFile("s.exe", b"MZ", "application/x-msdownload")}
    )
    assert exe.status_code == 400 and exe.json()["code"] == "file_type_not_allowed"
    missing = owner_client.post(url, {})
    assert missing.status_code == 400
    ok = owner_client.post(
        url, {"file": SimpleUploadedFile("s.pdf", b"%PDF-1.4 hi", "application/pdf")}
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["file_name"] == "s.pdf" and ok.json()["file_size"] == 11
    assert (tmp_path / ok.json()["file_path"]).read_bytes() == b"%PDF-1.4 hi"


def test_questions_crud_and_validation(owner_client, tenant):
    with tenant_context(tenant):
        course = make_course("c", published=False)
    base = f"/api/admin/content/courses/{course.pk}"
    topic = post(owner_client, f"{base}/topics", {"name": "Security", "weight": 30}).json()
    dup = post(owner_client, f"{base}/topics", {"name": "Security"})
    assert dup.status_code == 400 and dup.json()["code"] == "topic_exists"
    two_correct = post(
        owner_client,
        f"{base}/questions",
        {
            "kind": "single",
            "stem": "?",
            "choices": [{"text": "a", "correct": True}, {"text": "b", "correct": True}],
        },
    )
    assert two_correct.status_code == 400
    case = post(
        owner_client,
        f"{base}/questions",
        {
            "kind": "case_study",
            "stem": "Acme",
            "scenario": "Acme runs...",
            "topic_id": topic["id"],
            "sub_questions": [
                {
                    "kind": "single",
                    "stem": "First?",
                    "choices": [{"text": "x", "correct": True}, {"text": "y"}],
                },
                {
                    "kind": "multiple",
                    "stem": "Second?",
                    "choices": [
                        {"text": "x", "correct": True},
                        {"text": "y", "correct": True},
                        {"text": "z"},
                    ],
                },
            ],
        },
    )
    assert case.status_code == 201, case.json()
    body = case.json()
    assert [s["stem"] for s in body["sub_questions"]] == ["First?", "Second?"]
    assert body["sub_questions"][1]["choices"][2] == {"id": "c", "text": "z", "correct": False}
    assert body["topic_name"] == "Security"
    no_scenario = post(
        owner_client, f"{base}/questions", {"kind": "case_study", "stem": "x", "sub_questions": []}
    )
    assert no_scenario.status_code == 400
    updated = patch(owner_client, f"{base}/questions/{body['id']}", {"stem": "Acme 2"})
    assert updated.json()["stem"] == "Acme 2" and len(updated.json()["sub_questions"]) == 2
    listed = owner_client.get(f"{base}/questions?topic_id={topic['id']}")
    assert [q["id"] for q in listed.json()] == [body["id"]]
    assert owner_client.delete(f"{base}/questions/{body['id']}").status_code == 204
    with tenant_context(tenant):
        assert Question.objects.count() == 0


def test_question_set_validation(owner_client, tenant):
    with tenant_context(tenant):
        course = make_course("c", published=False)
        other = make_course("d", published=False)
        foreign = make_question(other)
    base = f"/api/admin/content/courses/{course.pk}"
    empty_fixed = post(owner_client, f"{base}/question-sets", {"title": "F", "mode": "fixed"})
    assert empty_fixed.status_code == 400 and "question_ids" in empty_fixed.json()["errors"]
    pool = post(owner_client, f"{base}/question-sets", {"title": "P", "mode": "pool"})
    assert pool.status_code == 400 and "draw_count" in pool.json()["errors"]
    cross = post(
        owner_client,
        f"{base}/question-sets",
        {"title": "F", "mode": "fixed", "question_ids": [foreign.pk]},
    )
    assert cross.status_code == 400
    with tenant_context(tenant):
        assert QuestionSet.objects.filter(course=course).count() == 0
    good = post(
        owner_client,
        f"{base}/question-sets",
        {
            "title": "P",
            "mode": "pool",
            "draw_count": 10,
            "draw_by_topic_weight": True,
            "time_limit_seconds": 600,
        },
    )
    assert good.status_code == 201 and good.json()["draw_count"] == 10


def test_export_import_and_duplicate_round_trip(owner_client, tenant):
    with tenant_context(tenant):
        course = make_course("c", chapters=2, materials_per_chapter=2)
        from apps.content import services

        topic = services.topic_create(course=course, name="Net", weight=2)
        q = make_question(course, topic=topic)
        services.question_set_create(
            course=course, data={"title": "S", "mode": "fixed"}, question_ids=[q.pk]
        )
    exported = owner_client.get(f"/api/admin/content/courses/{course.pk}/export").json()
    assert exported["format"] == "teacherseat.course.v1"
    assert (
        len(exported["chapters"]) == 2 and exported["questions"][0]["choices"][1]["correct"] is True
    )
    copy = post(owner_client, f"/api/admin/content/courses/{course.pk}/duplicate")
    assert copy.status_code == 201
    assert copy.json()["slug"] == "c-copy" and copy.json()["status"] == "draft"
    again = owner_client.get(f"/api/admin/content/courses/{copy.json()['id']}/export").json()
    # Refs are ids, so they differ; the shape and content match.
    assert len(again["questions"]) == 1 and again["question_sets"][0]["question_refs"] == [
        again["questions"][0]["ref"]
    ]
    assert [m["title"] for ch in again["chapters"] for m in ch["materials"]] == [
        m["title"] for ch in exported["chapters"] for m in ch["materials"]
    ]
    imported = post(
        owner_client,
        "/api/admin/content/courses/import",
        {"document": exported, "slug": "imported"},
    )
    assert imported.status_code == 201 and imported.json()["slug"] == "imported"


def test_bad_import_writes_nothing(owner_client, tenant):
    bad = {
        "format": "teacherseat.course.v1",
        "course": {"title": "X", "slug": "x"},
        "chapters": [{"title": "One", "materials": [{"title": "v", "kind": "video"}]}],
    }
    response = post(owner_client, "/api/admin/content/courses/import", {"document": bad})
    assert response.status_code == 400
    wrong_format = post(
        owner_client, "/api/admin/content/courses/import", {"document": {"format": "zip"}}
    )
    assert wrong_format.status_code == 400 and wrong_format.json()["code"] == "invalid_import"
    with tenant_context(tenant):
        assert Course.objects.count() == 0


def test_other_tenants_courses_are_404(owner_client, tenant):
    acme = make_tenant("acme")
    with tenant_context(acme):
        foreign = make_course("foreign")
    assert owner_client.get(f"/api/admin/content/courses/{foreign.pk}").status_code == 404
    assert post(owner_client, f"/api/admin/content/courses/{foreign.pk}/publish").status_code == 404


def test_staff_without_policy_is_denied_naming_the_course_resource(tenant):
    with tenant_context(tenant):
        staff = make_user(tenant, "staff@example.com", admin=True)
        course = make_course("c")
    response = signed_in(staff).get(f"/api/admin/content/courses/{course.pk}")
    assert response.status_code == 403
    assert response.json()["action"] == "teacherseat:admin:content:courses:read"
    assert response.json()["resource"] == f"trn:teacherseat:default:content:course/{course.pk}"


# Each admin write also inserts its audit-trail entry (one query).
WRITES = [
    ("post", "/api/admin/content/courses", {"title": "N", "slug": "n"}, 14),
    ("patch", "/api/admin/content/courses/{course}", {"title": "T"}, 15),
    ("post", "/api/admin/content/courses/{course}/chapters", {"title": "C"}, 15),
    ("post", "/api/admin/content/courses/{course}/chapters/{chapter}/move", {"position": 1}, 15),
    ("post", "/api/admin/content/courses/{course}/materials/{material}/move", {"position": 1}, 17),
    (
        "post",
        "/api/admin/content/courses/{course}/chapters/{chapter}/materials",
        {"kind": "article", "title": "A", "body": "b"},
        16,
    ),
]


@pytest.mark.parametrize(("method", "url", "body", "expected"), WRITES)
def test_write_query_counts_do_not_grow_with_course_size(
    owner_client: Any, tenant: Any, method: str, url: str, body: Any, expected: int
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (2, 12):
        with tenant_context(tenant):
            course = make_course(
                f"size-{size}", chapters=size, materials_per_chapter=size, published=False
            )
            chapter = Chapter.objects.get(course=course, position=size)
            material = Material.objects.get(chapter=chapter, position=size)
        target = url.format(course=course.pk, chapter=chapter.pk, material=material.pk)
        payload = dict(body, slug=f"n-{size}") if "slug" in body else body
        with CaptureQueriesContext(connection) as ctx:
            response = getattr(owner_client, method)(target, json.dumps(payload), content_type=JSON)
        assert response.status_code < 300, response.content
        counts.append(len(ctx.captured_queries))
    # Reorders update only the rows whose position changed, in one bulk statement.
    assert counts == [expected, expected]
