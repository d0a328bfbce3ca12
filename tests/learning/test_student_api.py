"""Student learning flows: enroll, outline, progress, attempts, certificates, BOLA."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from apps.content.models import Course
from apps.learning.models import Attempt, AttemptItem, Certificate, Enrollment, MaterialProgress
from apps.tenants.context import tenant_context
from tests.factories import make_course, make_tenant
from tests.learning.helpers import S, complete_everything, enroll, post, put

pytestmark = pytest.mark.django_db


def test_self_enroll_is_idempotent(world, tenant):
    first = enroll(world)
    assert first.status_code == 201 and first.json()["source"] == "self"
    second = enroll(world)
    assert second.status_code == 200 and second.json()["id"] == first.json()["id"]
    with tenant_context(tenant):
        assert Enrollment.objects.filter(user=world.alice).count() == 1


def test_drafts_and_other_tenants_courses_are_invisible(world, tenant):
    with tenant_context(tenant):
        draft = make_course("draft", published=False)
    with tenant_context(make_tenant("acme")):
        foreign = make_course("foreign")
    for course_id in (draft.pk, foreign.pk, 999999):
        assert post(world.alice_client, f"{S}/courses/{course_id}/enroll").status_code == 404
        assert world.alice_client.get(f"{S}/courses/{course_id}/outline").status_code == 404
        assert (
            world.alice_client.get(f"/api/student/content/courses/{course_id}").status_code == 404
        )
    catalogue = world.alice_client.get("/api/student/content/courses").json()
    assert [c["slug"] for c in catalogue] == ["course"]


def test_anonymous_students_get_401(world):
    from django.test import Client

    assert Client().get(f"{S}/my/courses").status_code == 401


def test_outline_shows_progress_per_chapter_and_course(world):
    enroll(world)
    for material in world.articles[:3]:
        assert post(world.alice_client, f"{S}/materials/{material.pk}/complete").status_code == 200
    outline = world.alice_client.get(f"{S}/courses/{world.course.pk}/outline").json()
    assert outline["enrollment"]["current"] is True
    assert outline["progress"] == {
        "completed": 3,
        "required": 5,
        "required_completed": 3,
        "percent": 60.0,
    }
    first, second = outline["chapters"]
    assert (first["completed"], first["total"], first["percent"]) == (2, 2, 100.0)
    assert (second["completed"], second["total"]) == (1, 3)
    assert [m["completed"] for m in second["materials"]] == [True, False, False]
    assert second["materials"][2]["kind"] == "quiz"
    assert outline["last_activity_at"] is not None
    # Bob sees the same course without Alice's progress.
    bob_view = world.bob_client.get(f"{S}/courses/{world.course.pk}/outline").json()
    assert bob_view["enrollment"] is None and bob_view["progress"]["completed"] == 0


def test_completion_is_idempotent_and_needs_enrollment(world, tenant):
    material = world.articles[0]
    not_enrolled = post(world.alice_client, f"{S}/materials/{material.pk}/complete")
    assert not_enrolled.status_code == 403 and not_enrolled.json()["code"] == "not_enrolled"
    enroll(world)
    first = post(world.alice_client, f"{S}/materials/{material.pk}/complete").json()
    second = post(world.alice_client, f"{S}/materials/{material.pk}/complete").json()
    assert first["completed_at"] == second["completed_at"]
    with tenant_context(tenant):
        assert MaterialProgress.objects.filter(user=world.alice).count() == 1
    quiz = post(world.alice_client, f"{S}/materials/{world.quiz.pk}/complete")
    assert quiz.status_code == 409 and quiz.json()["code"] == "quiz_requires_pass"


def test_material_content_only_when_enrolled(world):
    url = f"{S}/materials/{world.articles[0].pk}"
    assert world.alice_client.get(url).status_code == 404
    enroll(world)
    body = world.alice_client.get(url).json()
    assert body["body_html"] == "<p>Body 1.1</p>" and body["progress"]["completed"] is False
    quiz = world.alice_client.get(f"{S}/materials/{world.quiz.pk}").json()
    assert quiz["quiz"]["id"] == world.quiz_set.pk and quiz["quiz"]["attempts_used"] == 0


def test_revoked_or_expired_enrollment_loses_access(world, tenant):
    enroll(world)
    with tenant_context(tenant):
        Enrollment.objects.filter(user=world.alice).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    assert world.alice_client.get(f"{S}/materials/{world.articles[0].pk}").status_code == 404
    with tenant_context(tenant):
        Enrollment.objects.filter(user=world.alice).update(expires_at=None, status="revoked")
    again = enroll(world)
    assert again.status_code == 403 and again.json()["code"] == "enrollment_revoked"


def start(world: Any, client: Any = None) -> Any:
    return post(client or world.alice_client, f"{S}/question-sets/{world.quiz_set.pk}/attempts")


def answer(world: Any, attempt_id: Any, position: Any, choice_ids: Any, client: Any = None) -> Any:
    return put(
        client or world.alice_client,
        f"{S}/attempts/{attempt_id}/items/{position}/answer",
        {"choice_ids": choice_ids},
    )


def test_attempt_never_reveals_answers_before_submit(world):
    enroll(world)
    started = start(world)
    assert started.status_code == 201
    body = started.json()
    assert body["status"] == "open" and body["result"] is None and body["total"] == 3
    text = started.content.decode()
    assert "correct" not in text and "explanation" not in text and "Because." not in text
    again = start(world)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    got = world.alice_client.get(f"{S}/attempts/{body['id']}").content.decode()
    assert "correct" not in got and "Because." not in got


def test_attempt_flow_grades_server_side_with_topic_breakdown(world, tenant):
    enroll(world)
    attempt = start(world).json()
    aid = attempt["id"]
    stems = {i["stem"]: i["position"] for i in attempt["items"]}
    assert answer(world, aid, stems["Q1"], ["b"]).status_code == 200
    assert answer(world, aid, stems["Q1"], ["b"]).json()["selected_choice_ids"] == ["b"]
    assert answer(world, aid, stems["Q2"], ["a"]).status_code == 200
    assert answer(world, aid, stems["Q3"], ["a", "c"]).status_code == 200
    flagged = put(
        world.alice_client, f"{S}/attempts/{aid}/items/{stems['Q2']}/flag", {"flagged": True}
    )
    assert flagged.json() == {"position": stems["Q2"], "flagged": True}
    result = post(world.alice_client, f"{S}/attempts/{aid}/submit").json()
    assert result["status"] == "submitted"
    assert result["result"]["score_percent"] == 66.67 and result["result"]["passed"] is True
    topics = {t["topic_name"]: t["percent"] for t in result["result"]["topics"]}
    assert topics == {"Networking": 50.0, "Security": 100.0}
    q2 = next(i for i in result["items"] if i["stem"] == "Q2")
    assert q2["correct_choice_ids"] == ["b"] and q2["is_correct"] is False
    assert q2["explanation"] == "Because." and q2["flagged"] is True
    # Resubmitting is idempotent; answering after submit is refused.
    assert (
        post(world.alice_client, f"{S}/attempts/{aid}/submit").json()["result"] == result["result"]
    )
    late = answer(world, aid, 1, ["a"])
    assert late.status_code == 409 and late.json()["code"] == "attempt_closed"
    # Passing the quiz completed its material.
    with tenant_context(tenant):
        assert MaterialProgress.objects.get(user=world.alice, material=world.quiz).completed_at


def test_multi_select_is_all_or_nothing_unless_partial_credit(world, tenant):
    from apps.learning.services import item_score

    assert (
        item_score(kind="multiple", selected=["a"], correct=["a", "c"], partial_credit=False) == 0
    )
    assert (
        item_score(kind="multiple", selected=["a"], correct=["a", "c"], partial_credit=True) == 0.5
    )
    assert (
        item_score(kind="multiple", selected=["a", "b"], correct=["a", "c"], partial_credit=True)
        == 0
    )
    assert (
        item_score(kind="multiple", selected=["a", "c"], correct=["a", "c"], partial_credit=False)
        == 1
    )
    assert item_score(kind="single", selected=None, correct=["a"], partial_credit=True) == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"choice_ids": ["zz"]}, "invalid_answer"),
        ({"choice_ids": ["a", "b"]}, "invalid_answer"),
        ({"choice_ids": "a"}, "validation_error"),
        ({"choice_ids": [1, {"x": 1}]}, "validation_error"),
        ({}, "validation_error"),
    ],
)
def test_bad_answers_are_400_and_write_nothing(world, tenant, body, code):
    enroll(world)
    attempt = start(world).json()
    q1 = next(i for i in attempt["items"] if i["stem"] == "Q1")["position"]
    response = put(world.alice_client, f"{S}/attempts/{attempt['id']}/items/{q1}/answer", body)
    assert response.status_code == 400 and response.json()["code"] == code
    with tenant_context(tenant):
        assert not AttemptItem.objects.filter(selected_choice_ids__isnull=False).exists()


def test_unknown_item_position_is_404(world):
    enroll(world)
    attempt = start(world).json()
    assert answer(world, attempt["id"], 99, ["a"]).status_code == 404


def test_time_out_auto_submits_on_next_access(world, tenant):
    with tenant_context(tenant):
        world.quiz_set.time_limit_seconds = 60
        world.quiz_set.save()
    enroll(world)
    attempt = start(world).json()
    assert attempt["deadline_at"] is not None
    answer(world, attempt["id"], 1, [attempt["items"][0]["choices"][0]["id"]])
    with tenant_context(tenant):
        Attempt.objects.filter(pk=attempt["id"]).update(
            started_at=timezone.now() - timedelta(minutes=5),
            deadline_at=timezone.now() - timedelta(minutes=4),
        )
    late = answer(world, attempt["id"], 2, ["a"])
    assert late.status_code == 409 and late.json()["code"] == "attempt_closed"
    with tenant_context(tenant):
        closed = Attempt.objects.get(pk=attempt["id"])
        assert closed.status == "submitted" and closed.auto_submitted is True
        assert AttemptItem.objects.get(attempt=closed, position=2).selected_choice_ids is None
    view = world.alice_client.get(f"{S}/attempts/{attempt['id']}").json()
    assert view["status"] == "submitted" and view["result"] is not None


def test_attempt_limit(world, tenant):
    with tenant_context(tenant):
        world.quiz_set.attempts_allowed = 1
        world.quiz_set.save()
    enroll(world)
    aid = start(world).json()["id"]
    post(world.alice_client, f"{S}/attempts/{aid}/submit")
    second = start(world)
    assert second.status_code == 409 and second.json()["code"] == "attempt_limit_reached"
    mine = world.alice_client.get(f"{S}/question-sets/{world.quiz_set.pk}/attempts").json()
    assert [a["id"] for a in mine] == [aid]


def test_students_cannot_touch_each_others_attempts(world, tenant):
    enroll(world)
    enroll(world, world.bob_client)
    alice_attempt = start(world).json()
    url = f"{S}/attempts/{alice_attempt['id']}"
    assert world.bob_client.get(url).status_code == 404
    assert answer(world, alice_attempt["id"], 1, ["a"], client=world.bob_client).status_code == 404
    assert put(world.bob_client, f"{url}/items/1/flag", {"flagged": True}).status_code == 404
    assert post(world.bob_client, f"{url}/submit").status_code == 404
    with tenant_context(tenant):
        assert Attempt.objects.get(pk=alice_attempt["id"]).status == "open"
        assert not AttemptItem.objects.filter(flagged=True).exists()
    assert world.bob_client.get(f"{S}/question-sets/{world.quiz_set.pk}/attempts").json() == []


def test_bola_progress_enrollments_and_certificates(world, tenant):
    enroll(world)
    post(world.alice_client, f"{S}/materials/{world.articles[0].pk}/complete")
    # Bob is not enrolled: he can neither read nor complete materials in Alice's name.
    assert world.bob_client.get(f"{S}/materials/{world.articles[0].pk}").status_code == 404
    assert (
        post(world.bob_client, f"{S}/materials/{world.articles[1].pk}/complete").status_code == 403
    )
    assert world.bob_client.get(f"{S}/my/courses").json() == []
    assert world.bob_client.get(f"{S}/certificates").json() == []
    with tenant_context(tenant):
        assert MaterialProgress.objects.filter(user=world.bob).count() == 0
        assert MaterialProgress.objects.filter(user=world.alice).count() == 1


def test_certificate_issued_on_completion_and_verifiable_publicly(world, tenant):
    enroll(world)
    for material in world.articles:
        post(world.alice_client, f"{S}/materials/{material.pk}/complete")
    assert world.alice_client.get(f"{S}/certificates").json() == []  # quiz not passed yet
    result = complete_everything(world)
    assert result["result"]["passed"] is True
    certificates = world.alice_client.get(f"{S}/certificates").json()
    assert len(certificates) == 1 and certificates[0]["valid"] is True
    code = certificates[0]["code"]
    from django.test import Client

    public = Client().get(f"{S}/certificates/verify/{code}")
    assert public.status_code == 200
    body = public.json()
    assert body["holder"] == "Alice" and body["course"] == "COURSE" and body["valid"] is True
    assert Client().get(f"{S}/certificates/verify/TS-NOPE").status_code == 404
    my = world.alice_client.get(f"{S}/my/courses").json()
    assert my[0]["percent"] == 100.0 and my[0]["completed_at"] is not None
    outline = world.alice_client.get(f"{S}/courses/{world.course.pk}/outline").json()
    assert outline["certificate"]["code"] == code and outline["progress"]["percent"] == 100.0


def test_certificate_verification_is_per_tenant(world, tenant):
    complete_everything(world)
    with tenant_context(tenant):
        code = Certificate.objects.get().code
    from django.test import Client

    make_tenant("acme")
    other_host = Client(HTTP_HOST="acme.app.localhost")
    assert other_host.get(f"{S}/certificates/verify/{code}").status_code == 404


def test_video_resume_position(world, tenant):
    from apps.content import services as content

    with tenant_context(tenant):
        video = content.material_create(
            course=world.course,
            chapter_id=world.articles[0].chapter_id,
            kind="video",
            title="V",
            fields={"video_url": "https://v.test/1", "duration_seconds": 600},
        )
    enroll(world)
    url = f"{S}/materials/{video.pk}/position"
    assert put(world.alice_client, url, {"position_seconds": 125}).json()["position_seconds"] == 125
    assert put(world.alice_client, url, {"position_seconds": 601}).status_code == 400
    assert put(world.alice_client, url, {"position_seconds": "x"}).status_code == 400
    article = put(
        world.alice_client,
        f"{S}/materials/{world.articles[0].pk}/position",
        {"position_seconds": 1},
    )
    assert article.status_code == 400 and article.json()["code"] == "not_a_video"
    outline = world.alice_client.get(f"{S}/courses/{world.course.pk}/outline").json()
    resumed = [m for ch in outline["chapters"] for m in ch["materials"] if m["id"] == video.pk]
    assert resumed[0]["position_seconds"] == 125


def test_catalogue_and_course_page(world):
    page = world.alice_client.get(f"/api/student/content/courses/{world.course.pk}").json()
    assert page["description_html"].startswith("<h1>Intro</h1>")
    assert [len(ch["materials"]) for ch in page["chapters"]] == [2, 3]
    assert "body" not in json.dumps(page)
    assert Course.objects is not None


def test_visitors_browse_the_catalogue_without_signing_in(world):
    from django.test import Client

    visitor = Client()
    catalogue = visitor.get("/api/student/content/courses")
    assert catalogue.status_code == 200
    assert [c["slug"] for c in catalogue.json()] == ["course"]
    page = visitor.get(f"/api/student/content/courses/{world.course.pk}")
    assert page.status_code == 200
    assert page.json()["title"] == world.course.title
    # Enrolling and studying still need an account.
    assert visitor.get(f"{S}/courses/{world.course.pk}/outline").status_code == 401
