"""Learning's background work on a real Celery worker process: a bulk-enroll CSV runs in
chunks while the admin polls its progress, and the certificate mail leaves from the worker."""

from __future__ import annotations

import json
from typing import Any

import pytest

from apps.content.models import Material
from apps.iam.models import User
from apps.learning.models import Enrollment
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from teacherseat.testing.jobs import wait_until
from tests.factories import make_course, make_tenant, make_user
from tests.learning.helpers import S, post

pytestmark = pytest.mark.django_db(transaction=True)
ROWS = 250  # two chunks of the worker's 200


def test_a_csv_import_runs_on_the_worker_with_live_progress(celery_worker: Any) -> None:
    tenant = make_tenant("default", "Default Academy")
    with tenant_context(tenant):
        course = make_course("bulk", chapters=1, materials_per_chapter=1)
        admin = make_user(tenant, "admin@example.com", admin=True, owner=True)
        User.objects.bulk_create(
            [User(tenant=tenant, email=f"l{i}@example.com", password="!") for i in range(ROWS)]
        )
    client = signed_in(admin)
    csv_text = "email\n" + "".join(f"l{i}@example.com\n" for i in range(ROWS))

    response = post(
        client, f"/api/admin/learning/courses/{course.pk}/enrollment-jobs", {"csv": csv_text}
    )
    assert response.status_code == 202 and response.json()["status"] == "pending"

    seen: list[int] = []

    def finished() -> dict[str, Any] | None:
        job = json.loads(client.get(response["Location"]).content)
        seen.append(job["progress"]["done"])
        return job if job["status"] in ("completed", "failed") else None

    job = wait_until(finished, timeout=60, interval=0.05)
    assert job["status"] == "completed", job
    assert job["enrolled_count"] == ROWS and job["progress"] == {
        "done": ROWS,
        "total": ROWS,
        "percent": 100,
    }
    assert seen == sorted(seen)  # progress only moves forward
    assert set(seen) <= {0, 200, ROWS}  # whole chunks commit at a time
    progress = json.loads(client.get(job["links"]["job"]).content)
    assert (progress["status"], progress["done"], progress["total"]) == ("completed", ROWS, ROWS)
    with tenant_context(tenant):
        assert Enrollment.objects.filter(course=course).count() == ROWS


def test_the_certificate_mail_leaves_from_the_worker(celery_worker: Any) -> None:
    tenant = make_tenant("default", "Default Academy")
    with tenant_context(tenant):
        course = make_course("short", chapters=1, materials_per_chapter=1)
        learner = make_user(tenant, "learner@example.com", name="Lee")
        material = Material.objects.get(course=course)
    client = signed_in(learner)
    assert post(client, f"{S}/courses/{course.pk}/enroll").status_code == 201
    assert post(client, f"{S}/materials/{material.pk}/complete").status_code == 200

    def certificate_mail() -> str | None:
        return next((m for m in celery_worker.mails() if "To: learner@example.com" in m), None)

    message = wait_until(certificate_mail, timeout=30)
    code = json.loads(client.get(f"{S}/certificates").content)[0]["code"]
    assert code in message and f"/student/verify/{code}" in message
