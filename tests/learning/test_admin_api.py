"""Learning admin API: grants, revokes, CSV bulk jobs, certificates and analytics."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.iam.models import User
from apps.jobs.models import Job
from apps.learning.models import Enrollment, EnrollmentJob
from apps.tenants.context import tenant_context
from tests.factories import make_user
from tests.learning.helpers import complete_everything, enroll

pytestmark = pytest.mark.django_db
JSON = "application/json"


def post(client: Any, url: Any, body: Any = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type=JSON)


def base(world: Any) -> Any:
    return f"/api/admin/learning/courses/{world.course.pk}"


def test_grant_is_idempotent_and_revoke_removes_access(owner_client, world, tenant):
    granted = post(owner_client, f"{base(world)}/enrollments", {"email": "alice@example.com"})
    assert granted.status_code == 201
    assert granted.json()["source"] == "admin" and granted.json()["email"] == "alice@example.com"
    again = post(owner_client, f"{base(world)}/enrollments", {"user_id": world.alice.pk})
    assert again.status_code == 200 and again.json()["id"] == granted.json()["id"]
    revoked = post(owner_client, f"{base(world)}/enrollments/{granted.json()['id']}/revoke")
    assert revoked.json()["status"] == "revoked"
    assert (
        world.alice_client.get(
            f"/api/student/learning/materials/{world.articles[0].pk}"
        ).status_code
        == 404
    )
    listed = owner_client.get(f"{base(world)}/enrollments?status=revoked").json()
    assert [e["email"] for e in listed] == ["alice@example.com"]
    regrant = post(owner_client, f"{base(world)}/enrollments", {"user_id": world.alice.pk})
    assert regrant.status_code == 201 and regrant.json()["status"] == "active"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"user_id": "x"},
        {"email": "not-an-email"},
        {"user_id": 1, "email": "a@b.co"},
        {"email": "a@b.co", "expires_at": "tomorrow"},
    ],
)
def test_bad_grants_are_400(owner_client, world, body):
    response = post(owner_client, f"{base(world)}/enrollments", body)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"


def test_grant_to_unknown_user_is_404(owner_client, world, tenant):
    response = post(owner_client, f"{base(world)}/enrollments", {"email": "ghost@example.com"})
    assert response.status_code == 404 and response.json()["code"] == "user_not_found"
    with tenant_context(tenant):
        assert Enrollment.objects.count() == 0


def run_import(jobs: Any, **options: Any) -> list[str]:
    """Run the queued import chunks (and the chunks they queue), in order. Other work (the
    fan-out of the enrollment events) is dropped: tests/events covers it."""
    return list(jobs.run(only=lambda name: name == "learning.run_enrollment_job", **options))


def test_csv_job_reports_bad_rows_and_enrolls_the_rest(owner_client, world, tenant, jobs):
    csv_text = (
        "email,expires_at\n"
        "alice@example.com,\n"
        "bob@example.com,2099-01-31\n"
        "ghost@example.com,\n"
        "not-an-email,\n"
        ",\n"
        "alice@example.com,\n"
        "bob2@example.com,yesterday\n"
        "bob3@example.com,2001-01-01\n"
        "x@example.com,,extra\n"
    )
    with tenant_context(tenant):
        for email in ("bob2@example.com", "bob3@example.com", "x@example.com"):
            make_user(tenant, email)
    response = post(owner_client, f"{base(world)}/enrollment-jobs", {"csv": csv_text})
    assert response.status_code == 202, response.json()
    pending = response.json()
    assert pending["status"] == "pending" and pending["total_rows"] == 9
    assert pending["progress"] == {"done": 0, "total": 9, "percent": 0}
    assert response["Location"] == pending["links"]["self"]
    assert pending["links"]["self"].endswith(f"/enrollment-jobs/{pending['id']}")
    assert pending["links"]["job"] == f"/api/admin/jobs/jobs/{pending['job_id']}"
    with tenant_context(tenant):
        assert Enrollment.objects.count() == 0  # nothing happens in the request

    assert run_import(jobs) == ["learning.run_enrollment_job"]

    job = owner_client.get(pending["links"]["self"]).json()
    assert job["status"] == "completed" and job["total_rows"] == 9
    assert job["progress"] == {"done": 9, "total": 9, "percent": 100}
    assert job["enrolled_count"] == 2 and job["error_count"] == 7
    errors = {e["row"]: e["error"] for e in job["errors"]}
    assert errors[4] == "no user with this email" and errors[7] == "duplicate of row 2"
    assert "email" in errors[5].lower() and errors[6] == "email is empty"
    assert "ISO" in errors[8] and errors[9] == "expires_at is in the past"
    assert errors[10] == "too many fields"
    assert [e["row"] for e in job["errors"]] == sorted(errors)
    with tenant_context(tenant):
        assert sorted(Enrollment.objects.values_list("user__email", flat=True)) == [
            "alice@example.com",
            "bob@example.com",
        ]
    progress = owner_client.get(pending["links"]["job"]).json()
    assert progress["kind"] == "learning.enrollment_import" and progress["status"] == "completed"
    assert (progress["total"], progress["done"], progress["failed"]) == (9, 9, 7)

    rerun = post(owner_client, f"{base(world)}/enrollment-jobs", {"csv": csv_text}).json()
    run_import(jobs)
    rerun = owner_client.get(rerun["links"]["self"]).json()
    assert rerun["enrolled_count"] == 0 and rerun["unchanged_count"] == 2


@pytest.mark.parametrize("csv_text", ["name\nAlice\n", "", "email,age\na@b.co,3\n"])
def test_csv_without_usable_header_is_400_and_creates_no_job(
    owner_client, world, tenant, csv_text, jobs
):
    response = post(owner_client, f"{base(world)}/enrollment-jobs", {"csv": csv_text})
    assert response.status_code == 400 and response.json()["code"] == "invalid_csv"
    assert jobs.pending() == []
    with tenant_context(tenant):
        assert EnrollmentJob.objects.count() == 0
        assert Job.objects.count() == 0


def test_csv_upload_as_file_and_not_utf8(owner_client, world, jobs):
    ok = owner_client.post(
        f"{base(world)}/enrollment-jobs",
        {"file": SimpleUploadedFile("e.csv", b"email\nalice@example.com\n", "text/csv")},
    )
    assert ok.status_code == 202
    run_import(jobs)
    assert owner_client.get(ok["Location"]).json()["enrolled_count"] == 1
    bad = owner_client.post(
        f"{base(world)}/enrollment-jobs",
        {"file": SimpleUploadedFile("e.csv", b"email\n\xff\xfe\n", "text/csv")},
    )
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_csv"


def _learners(tenant: Any, count: int) -> str:
    with tenant_context(tenant):
        User.objects.bulk_create(
            [
                User(tenant=tenant, email=f"learner{i}@example.com", password="!")
                for i in range(count)
            ]
        )
    return "email\n" + "".join(f"learner{i}@example.com\n" for i in range(count))


@pytest.fixture
def small_chunks(monkeypatch: Any) -> int:
    """Chunks of 25 rows: the chunking is what is tested, not the default size (each row's
    enrollment.created event makes big chunks slow under payload validation)."""
    from apps.learning import services

    monkeypatch.setattr(services, "ENROLLMENT_CHUNK_ROWS", 25)
    return 25


def test_csv_runs_in_chunks_with_live_progress(
    owner_client, world, tenant, jobs, small_chunks, django_assert_max_num_queries
):
    csv_text = _learners(tenant, 100)
    with django_assert_max_num_queries(30):  # the request only records and queues
        response = post(owner_client, f"{base(world)}/enrollment-jobs", {"csv": csv_text})
    assert response.status_code == 202
    url = response["Location"]

    assert run_import(jobs, limit=1) == ["learning.run_enrollment_job"]
    midway = owner_client.get(url).json()
    assert midway["status"] == "running"
    assert midway["progress"] == {"done": 25, "total": 100, "percent": 25}
    assert midway["enrolled_count"] == 25
    job = owner_client.get(midway["links"]["job"]).json()
    assert (job["status"], job["done"], job["total"]) == ("running", 25, 100)

    assert run_import(jobs) == ["learning.run_enrollment_job"] * 3
    done = owner_client.get(url).json()
    assert done["status"] == "completed" and done["progress"]["percent"] == 100
    assert done["enrolled_count"] == 100 and done["error_count"] == 0
    with tenant_context(tenant):
        assert Enrollment.objects.filter(course=world.course).count() == 100


def test_a_chunk_query_count_does_not_grow_with_the_file(owner_client, world, tenant, jobs):
    """Rows already enrolled cost nothing per row: one chunk of 200 unchanged rows runs a
    fixed number of statements (new enrollments add their events' statements)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.learning import services

    csv_text = _learners(tenant, 400)
    with tenant_context(tenant):
        for user in User.objects.filter(email__startswith="learner"):
            Enrollment.objects.create(user=user, course=world.course, source="admin")
    url = post(owner_client, f"{base(world)}/enrollment-jobs", {"csv": csv_text})["Location"]
    job_id = int(url.rsplit("/", 1)[-1])
    with tenant_context(tenant), CaptureQueriesContext(connection) as first:
        services.enrollment_job_run(job_id=job_id, offset=0)
    with tenant_context(tenant), CaptureQueriesContext(connection) as second:
        services.enrollment_job_run(job_id=job_id, offset=200)
    assert len(first) == len(second) <= 20
    assert owner_client.get(url).json()["unchanged_count"] == 400


def test_a_chunk_run_twice_changes_nothing(owner_client, world, tenant, jobs, small_chunks):
    from apps.events.models import Event
    from apps.learning import services

    csv_text = _learners(tenant, 60)
    url = post(owner_client, f"{base(world)}/enrollment-jobs", {"csv": csv_text})["Location"]
    run_import(jobs, limit=1)  # the first chunk (rows 0..24) has committed
    job_id = int(url.rsplit("/", 1)[-1])
    with tenant_context(tenant):
        before = (
            EnrollmentJob.objects.values().get(pk=job_id),
            Enrollment.objects.count(),
            Event.objects.count(),
        )
        services.enrollment_job_run(job_id=job_id, offset=0)  # a redelivered message
        after = (
            EnrollmentJob.objects.values().get(pk=job_id),
            Enrollment.objects.count(),
            Event.objects.count(),
        )
    assert after == before

    # only the original chain goes on: rows 25..49 and 50..59
    assert run_import(jobs) == ["learning.run_enrollment_job"] * 2
    final = owner_client.get(url).json()
    assert final["enrolled_count"] == 60 and final["progress"]["done"] == 60
    with tenant_context(tenant):
        enrollment_events = Event.objects.filter(type="enrollment.created").count()
        services.enrollment_job_run(job_id=job_id, offset=50)  # the last chunk, again
        assert Event.objects.filter(type="enrollment.created").count() == enrollment_events
        assert EnrollmentJob.objects.get(pk=job_id).enrolled_count == 60
    assert enrollment_events == 60


def test_an_unexpected_error_fails_the_job_instead_of_leaving_it_running(
    owner_client, world, tenant, jobs, monkeypatch
):
    from apps.learning import services

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "_enroll_chunk", broken)
    response = post(owner_client, f"{base(world)}/enrollment-jobs", {"csv": "email\na@b.co\n"})
    run_import(jobs)
    job = owner_client.get(response["Location"]).json()
    assert job["status"] == "failed" and job["finished_at"] is not None
    assert job["enrolled_count"] == 0
    progress = owner_client.get(job["links"]["job"]).json()
    assert progress["status"] == "failed" and "disk on fire" in progress["error"]
    assert run_import(jobs) == []  # no next chunk


def test_certificate_revoke_shows_in_public_verification(owner_client, world, tenant):
    complete_everything(world)
    certificates = owner_client.get(f"{base(world)}/certificates").json()
    assert len(certificates) == 1
    cert = certificates[0]
    revoked = post(
        owner_client, f"{base(world)}/certificates/{cert['id']}/revoke", {"reason": "cheating"}
    )
    assert revoked.json()["valid"] is False and revoked.json()["revoke_reason"] == "cheating"
    public = world.bob_client.get(
        f"/api/student/learning/certificates/verify/{cert['code']}"
    ).json()
    assert public["valid"] is False and public["revoked_at"] is not None


def test_analytics(owner_client, world):
    complete_everything(world)
    enroll(world, world.bob_client)
    body = owner_client.get(f"{base(world)}/analytics").json()
    assert body["enrolled"] == 2 and body["active_7d"] == 1  # Bob has not studied yet
    assert body["completion_rate"] == 50.0
    assert body["submitted_attempts"] == 1 and body["average_score"] == 100.0
    assert {t["topic_name"]: t["average_score"] for t in body["topics"]} == {
        "Networking": 100.0,
        "Security": 100.0,
    }


def test_admin_learning_endpoints_404_for_unknown_course(owner_client):
    assert owner_client.get("/api/admin/learning/courses/999999/enrollments").status_code == 404
    assert owner_client.get("/api/admin/learning/courses/999999/analytics").status_code == 404


def test_dashboard_reports_the_academy_key_figures(world, owner_client, django_assert_num_queries):
    enroll(world)
    response = owner_client.get("/api/admin/learning/dashboard")
    assert response.status_code == 200
    figures = response.json()
    assert set(figures) == {"students", "active_7d", "enrollments", "completions", "certificates"}
    assert figures["students"] == 2  # alice and bob; the owner has panel access
    assert figures["enrollments"] == 1
    assert figures["completions"] == 0
    assert figures["certificates"] == 0
    # tenant, savepoint, set_config, session, user, stamp (IAM), dashboard, restore, release
    with django_assert_num_queries(8):
        owner_client.get("/api/admin/learning/dashboard")


def test_students_menu_entry_comes_from_the_learning_manifest(owner_client):
    menu = owner_client.get("/api/admin/systems/services").json()
    learning = next(group for group in menu if group["category"] == "Learning")
    assert "/section31/students" in [entry["path"] for entry in learning["entries"]]
