"""Learning's events: enrollments, progress, attempts and certificates, each emitted once
per real change, in the transaction of the change."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from apps.core.errors import NotFound
from apps.learning import services
from apps.learning.models import Attempt, Certificate, Enrollment, MaterialProgress
from apps.tenants.context import tenant_context
from tests.events.conftest import iso
from tests.factories import make_user
from tests.learning.helpers import S, complete_everything, enroll, post, put

pytestmark = pytest.mark.django_db
ADMIN = "/api/admin/learning/courses"


def person(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "email": user.email, "name": user.name}


def course_of(world: Any) -> dict[str, Any]:
    return {"id": world.course.pk, "title": world.course.title}


def enrollment_of(tenant: Any, user: Any, world: Any) -> Enrollment:
    with tenant_context(tenant):
        return Enrollment.objects.get(user=user, course=world.course)


# --- enrollment.created / enrollment.revoked ------------------------------------------------


def test_self_enrollment_emits_enrollment_created_once(world, tenant, outbox):
    outbox.mark()
    assert enroll(world).status_code == 201
    assert enroll(world).status_code == 200  # already enrolled: no change, no event

    enrollment = enrollment_of(tenant, world.alice, world)
    assert outbox.new() == [
        (
            "enrollment.created",
            {
                "enrollment": {"id": enrollment.pk, "source": "self", "expires_at": None},
                "user": person(world.alice),
                "course": course_of(world),
                "reactivated": False,
            },
        )
    ]


def test_admin_grant_reactivates_and_a_new_expiry_is_not_an_enrollment(
    owner_client, world, tenant, outbox
):
    url = f"{ADMIN}/{world.course.pk}/enrollments"
    granted = post(owner_client, url, {"user_id": world.alice.pk}).json()
    post(owner_client, f"{url}/{granted['id']}/revoke")
    outbox.mark()

    again = post(
        owner_client, url, {"user_id": world.alice.pk, "expires_at": "2099-01-01T00:00:00Z"}
    )
    assert again.status_code == 201
    expiry = post(
        owner_client, url, {"user_id": world.alice.pk, "expires_at": "2099-06-01T00:00:00Z"}
    )
    assert expiry.status_code == 201  # changed, but it was already a current enrollment

    assert outbox.new() == [
        (
            "enrollment.created",
            {
                "enrollment": {
                    "id": granted["id"],
                    "source": "admin",
                    "expires_at": "2099-01-01T00:00:00Z",
                },
                "user": person(world.alice),
                "course": course_of(world),
                "reactivated": True,
            },
        )
    ]


def test_refused_enrollments_emit_nothing(owner_client, world, tenant, outbox, monkeypatch):
    from apps.learning import selectors

    outbox.mark()
    unknown = post(owner_client, f"{ADMIN}/{world.course.pk}/enrollments", {"email": "x@y.zz"})
    assert unknown.status_code == 404

    def fails(*args: Any, **kwargs: Any) -> Any:
        raise NotFound("gone")

    monkeypatch.setattr(selectors, "enrollment_response", fails)
    late = post(owner_client, f"{ADMIN}/{world.course.pk}/enrollments", {"user_id": world.bob.pk})
    assert late.status_code == 404  # after the service emitted: the answer rolls it back

    assert outbox.new() == []
    with tenant_context(tenant):
        assert not Enrollment.objects.exists()


def test_revoke_emits_enrollment_revoked_once(owner_client, world, tenant, outbox):
    enroll(world)
    enrollment = enrollment_of(tenant, world.alice, world)
    url = f"{ADMIN}/{world.course.pk}/enrollments/{enrollment.pk}/revoke"
    outbox.mark()

    assert post(owner_client, url).status_code == 200
    assert post(owner_client, url).status_code == 200  # already revoked

    revoked = enrollment_of(tenant, world.alice, world)
    assert outbox.new() == [
        (
            "enrollment.revoked",
            {
                "enrollment": {"id": enrollment.pk, "revoked_at": iso(revoked.revoked_at)},
                "user": person(world.alice),
                "course": course_of(world),
            },
        )
    ]


def test_an_event_is_part_of_the_callers_transaction(world, tenant, outbox):
    enroll(world)
    outbox.mark()

    class Abort(Exception):
        pass

    with tenant_context(tenant):
        enrollment = Enrollment.objects.get(user=world.alice)
        with pytest.raises(Abort), transaction.atomic():
            services.enrollment_revoke(enrollment=enrollment)
            raise Abort

    assert outbox.new() == []


def test_bulk_enrollment_emits_one_event_per_new_or_reactivated_enrollment(
    owner_client, world, tenant, outbox, jobs
):
    with tenant_context(tenant):
        carol = make_user(tenant, "carol@example.com", name="Carol")
        dave = make_user(tenant, "dave@example.com", name="Dave")
        revoked = Enrollment.objects.create(
            user=world.bob, course=world.course, source="admin", status="revoked",
            revoked_at=timezone.now(),
        )  # fmt: skip
        Enrollment.objects.create(user=carol, course=world.course, source="self")
        Enrollment.objects.create(user=dave, course=world.course, source="self")
    csv_text = (
        "email,expires_at\n"
        "alice@example.com,\n"  # new
        "bob@example.com,\n"  # revoked: reactivated
        "carol@example.com,\n"  # already current: unchanged
        "dave@example.com,2099-01-31\n"  # current, new expiry: updated, not a new enrollment
        "ghost@example.com,\n"  # no such user
    )
    outbox.mark()

    response = post(owner_client, f"{ADMIN}/{world.course.pk}/enrollment-jobs", {"csv": csv_text})
    assert response.status_code == 202
    assert outbox.new() == []  # the request only queued the work
    jobs.run(only=lambda name: name.startswith("learning."))

    alice = enrollment_of(tenant, world.alice, world)
    assert outbox.new() == [
        (
            "enrollment.created",
            {
                "enrollment": {"id": alice.pk, "source": "admin", "expires_at": None},
                "user": person(world.alice),
                "course": course_of(world),
                "reactivated": False,
            },
        ),
        (
            "enrollment.created",
            {
                "enrollment": {"id": revoked.pk, "source": "admin", "expires_at": None},
                "user": person(world.bob),
                "course": course_of(world),
                "reactivated": True,
            },
        ),
    ]
    job = owner_client.get(response["Location"]).json()
    assert (job["enrolled_count"], job["unchanged_count"], job["error_count"]) == (3, 1, 1)


# --- material.completed / attempt.submitted / course.completed / certificate.issued --------


def test_completing_a_material_emits_material_completed_once(world, tenant, outbox):
    enroll(world)
    article = world.articles[0]
    outbox.mark()

    assert post(world.alice_client, f"{S}/materials/{article.pk}/complete").status_code == 200
    assert post(world.alice_client, f"{S}/materials/{article.pk}/complete").status_code == 200
    refused = post(world.alice_client, f"{S}/materials/{world.quiz.pk}/complete")
    assert refused.status_code == 409  # a quiz completes by passing: nothing recorded
    not_enrolled = post(world.bob_client, f"{S}/materials/{article.pk}/complete")
    assert not_enrolled.status_code == 403

    with tenant_context(tenant):
        progress = MaterialProgress.objects.get(user=world.alice, material=article)
    assert outbox.new() == [
        (
            "material.completed",
            {
                "material": {"id": article.pk, "title": article.title, "kind": "article"},
                "user": person(world.alice),
                "course": course_of(world),
                "completed_at": iso(progress.completed_at),
            },
        )
    ]


def test_finishing_the_course_emits_the_whole_story_once(world, tenant, outbox, jobs):
    outbox.mark()
    result = complete_everything(world)
    assert result["result"]["passed"] is True

    events = outbox.new()
    assert [t for t, _ in events] == [
        "enrollment.created",
        "material.completed",
        "material.completed",
        "material.completed",
        "material.completed",
        "attempt.submitted",
        "material.completed",  # the quiz, by passing its set
        "course.completed",
        "certificate.issued",
    ]
    with tenant_context(tenant):
        attempt = Attempt.objects.get(user=world.alice)
        enrollment = Enrollment.objects.get(user=world.alice)
        certificate = Certificate.objects.get(user=world.alice)
    assert events[5][1] == {
        "attempt": {
            "id": attempt.pk,
            "score_percent": 100.0,
            "passed": True,
            "auto_submitted": False,
            "submitted_at": iso(attempt.submitted_at),
        },
        "question_set": {"id": world.quiz_set.pk, "title": "Quiz"},
        "user": person(world.alice),
        "course": course_of(world),
    }
    assert events[6][1]["material"] == {"id": world.quiz.pk, "title": "Quiz", "kind": "quiz"}
    assert events[7][1] == {
        "enrollment": {"id": enrollment.pk},
        "user": person(world.alice),
        "course": course_of(world),
        "completed_at": iso(enrollment.completed_at),
    }
    verify_url = events[8][1]["certificate"].pop("verify_url")
    assert verify_url.endswith(f"/student/verify/{certificate.code}")
    assert events[8][1] == {
        "certificate": {
            "id": certificate.pk,
            "code": certificate.code,
            "issued_at": iso(certificate.issued_at),
        },
        "user": person(world.alice),
        "course": course_of(world),
    }

    # doing it all again changes nothing: a new attempt is the only real change
    outbox.mark()
    complete_everything(world)
    assert [t for t, _ in outbox.new()] == ["attempt.submitted"]


def test_the_certificate_mail_is_sent_once_by_the_worker(world, tenant, jobs):
    complete_everything(world)
    assert mail.outbox == []  # nothing is mailed in the request

    assert "learning.mail_certificate" in jobs.run()

    with tenant_context(tenant):
        certificate = Certificate.objects.get(user=world.alice)
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    body = mail.outbox[0].body
    assert certificate.code in body and f"/student/verify/{certificate.code}" in body
    assert re.search(r"completed COURSE", body)
    assert certificate.mailed_at is not None
    with tenant_context(tenant):  # a redelivered task mails nothing more
        assert services.certificate_mail(certificate_id=certificate.pk) is False
    assert len(mail.outbox) == 1


def test_a_submit_emits_attempt_submitted_once_and_a_time_out_still_counts(world, tenant, outbox):
    with tenant_context(tenant):
        world.quiz_set.time_limit_seconds = 60
        world.quiz_set.save()
    enroll(world)
    attempt = post(world.alice_client, f"{S}/question-sets/{world.quiz_set.pk}/attempts").json()
    with tenant_context(tenant):
        Attempt.objects.filter(pk=attempt["id"]).update(
            started_at=timezone.now() - timedelta(minutes=5),
            deadline_at=timezone.now() - timedelta(minutes=4),
        )
    outbox.mark()

    late = put(
        world.alice_client, f"{S}/attempts/{attempt['id']}/items/1/answer", {"choice_ids": ["a"]}
    )
    assert late.status_code == 409  # its error commits the auto-submit, and so its event
    assert post(world.alice_client, f"{S}/attempts/{attempt['id']}/submit").status_code == 200

    events = outbox.new()
    assert [t for t, _ in events] == ["attempt.submitted"]
    submitted = events[0][1]["attempt"]
    assert submitted["id"] == attempt["id"] and submitted["auto_submitted"] is True
    assert submitted["passed"] is False and submitted["score_percent"] == 0.0


# --- certificate.revoked -------------------------------------------------------------------


def test_revoking_a_certificate_emits_certificate_revoked_once(owner_client, world, tenant, outbox):
    complete_everything(world)
    with tenant_context(tenant):
        certificate = Certificate.objects.get(user=world.alice)
    url = f"{ADMIN}/{world.course.pk}/certificates/{certificate.pk}/revoke"
    outbox.mark()

    assert post(owner_client, url, {"reason": "copied answers"}).status_code == 200
    assert post(owner_client, url, {"reason": "again"}).status_code == 200

    with tenant_context(tenant):
        certificate.refresh_from_db()
    assert outbox.new() == [
        (
            "certificate.revoked",
            {
                "certificate": {
                    "id": certificate.pk,
                    "code": certificate.code,
                    "revoked_at": iso(certificate.revoked_at),
                    "reason": "copied answers",
                },
                "user": person(world.alice),
                "course": course_of(world),
            },
        )
    ]
