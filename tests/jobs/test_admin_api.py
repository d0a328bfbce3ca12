"""Jobs admin API: the academy's jobs, its dead letters and their redrive."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from apps.jobs import services
from apps.jobs.models import Job
from apps.jobs.permissions import DeadLetters, Jobs
from apps.jobs.runtime import decode_message
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_user
from tests.jobs.helpers import A, allow, post, staff_with

pytestmark = pytest.mark.django_db


def make_job(
    tenant: Any,
    *,
    kind: str = "learning.enrollment_import",
    title: str = "Import",
    total: int = 4,
    by: Any = None,
    **state: Any,
) -> Job:
    with tenant_context(tenant):
        job = services.job_create(kind=kind, title=title, total=total, created_by=by)
        if state:
            Job.objects.filter(pk=job.pk).update(**state)
            job.refresh_from_db()
    return job


# --- jobs --------------------------------------------------------------------------------


def test_a_job_document_has_the_agreed_shape(owner_client, owner, tenant):
    job = make_job(tenant, title="Import 4 students", by=owner)
    with tenant_context(tenant):
        services.job_start(job_id=job.pk)
        services.job_progress(job_id=job.pk, done=2, failed=1)
        job.refresh_from_db()
    response = owner_client.get(f"{A}/jobs/{job.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {
        "id", "kind", "title", "status", "total", "done", "failed", "progress", "error",
        "result", "created_by", "created_at", "started_at", "finished_at",
    }  # fmt: skip
    assert body["id"] == job.pk and body["kind"] == "learning.enrollment_import"
    assert (body["status"], body["total"], body["done"], body["failed"]) == ("running", 4, 2, 1)
    assert body["progress"] == 0.5 and body["error"] == "" and body["result"] == {}
    assert body["created_by"] == {"id": owner.pk, "email": owner.email, "name": owner.name}
    assert body["started_at"] is not None and body["finished_at"] is None
    assert timezone.datetime.fromisoformat(body["created_at"]) == job.created_at

    with tenant_context(tenant):
        services.job_finish(job_id=job.pk, result={"enrolled": 3, "rows": [1, 2]})
    done = owner_client.get(f"{A}/jobs/{job.pk}").json()
    assert done["status"] == "completed" and done["progress"] == 1
    assert done["result"] == {"enrolled": 3, "rows": [1, 2]} and done["finished_at"]


def test_failed_job_shows_its_error_and_a_job_without_creator_has_none(owner_client, tenant):
    job = make_job(tenant, total=0)
    with tenant_context(tenant):
        services.job_finish(job_id=job.pk, error="CSV header missing")
    body = owner_client.get(f"{A}/jobs/{job.pk}").json()
    assert body["status"] == "failed" and body["error"] == "CSV header missing"
    assert body["created_by"] is None and body["progress"] == 0


def test_list_is_newest_first_filtered_and_this_academys_only(owner_client, tenant, other_tenant):
    now = timezone.now()
    old = make_job(tenant, kind="learning.enrollment_import", created_at=now - timedelta(hours=2))
    new = make_job(tenant, kind="content.export", status="completed", created_at=now)
    make_job(other_tenant, kind="learning.enrollment_import", title="theirs")
    response = owner_client.get(f"{A}/jobs")
    assert response.status_code == 200
    assert [j["id"] for j in response.json()["items"]] == [new.pk, old.pk]
    by_status = owner_client.get(f"{A}/jobs?status=completed").json()["items"]
    assert [j["id"] for j in by_status] == [new.pk]
    by_kind = owner_client.get(f"{A}/jobs?kind=learning.enrollment_import").json()["items"]
    assert [j["id"] for j in by_kind] == [old.pk]
    assert owner_client.get(f"{A}/jobs?kind=nothing&status=failed").json() == {"items": []}


def test_list_returns_at_most_100(owner_client, tenant):
    with tenant_context(tenant):
        Job.objects.bulk_create([Job(kind="k.k", title=str(i)) for i in range(105)])
    assert len(owner_client.get(f"{A}/jobs").json()["items"]) == 100


@pytest.mark.parametrize(
    ("query", "field"),
    [("status=done", "status"), ("status=RUNNING", "status"), ("kind=" + "k" * 65, "kind")],
)
def test_bad_filters_are_400_problems(owner_client, query, field):
    response = owner_client.get(f"{A}/jobs?{query}")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "invalid_filter" and field in response.json()["errors"]


def test_another_academys_job_is_404(owner_client, other_tenant):
    theirs = make_job(other_tenant)
    for job_id in (theirs.pk, 999_999_999, 2**63 - 1):
        response = owner_client.get(f"{A}/jobs/{job_id}")
        assert response.status_code == 404, job_id
        assert response.json()["code"] == "job_not_found"


def test_a_job_id_past_bigint_is_a_4xx_problem(owner_client):
    response = owner_client.get(f"{A}/jobs/{2**63}")
    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "application/problem+json"


# --- permissions -------------------------------------------------------------------------

EVERY_ENDPOINT = [
    ("get", "/jobs", Jobs.LIST),
    ("get", "/jobs/1", Jobs.READ),
    ("get", "/dead-letters", DeadLetters.LIST),
    ("post", "/dead-letters/redrive", DeadLetters.REDRIVE),
]


@pytest.mark.parametrize(("method", "path", "action"), EVERY_ENDPOINT)
def test_staff_without_a_policy_is_refused_naming_the_action(tenant, queues, method, path, action):
    client = staff_with(tenant, "staff@example.com")
    response = post(client, A + path) if method == "post" else client.get(A + path)
    assert response.status_code == 403
    assert response.json()["code"] == "action_denied" and response.json()["action"] == action


@pytest.mark.parametrize(("method", "path", "action"), EVERY_ENDPOINT)
def test_learners_and_anonymous_callers_are_refused(tenant, client, method, path, action):
    with tenant_context(tenant):
        learner = signed_in(make_user(tenant, "learner@example.com"))
    for caller, status, code in (
        (learner, 403, "no_panel_access"),
        (client, 401, "not_authenticated"),
    ):
        response = post(caller, A + path) if method == "post" else caller.get(A + path)
        assert (response.status_code, response.json()["code"]) == (status, code)


def test_reading_jobs_does_not_grant_dead_letters(tenant, queues):
    reader = staff_with(tenant, "reader@example.com", allow(Jobs.LIST, Jobs.READ))
    job = make_job(tenant)
    assert reader.get(f"{A}/jobs").status_code == 200
    assert reader.get(f"{A}/jobs/{job.pk}").status_code == 200
    assert reader.get(f"{A}/dead-letters").status_code == 403
    assert post(reader, f"{A}/dead-letters/redrive").status_code == 403


def test_a_policy_can_limit_reading_to_one_job(tenant):
    mine, other = make_job(tenant), make_job(tenant)
    resource = f"trn:teacherseat:{tenant.slug}:jobs:job/{mine.pk}"
    client = staff_with(tenant, "one@example.com", allow(Jobs.READ, resource=resource))
    assert client.get(f"{A}/jobs/{mine.pk}").status_code == 200
    assert client.get(f"{A}/jobs/{other.pk}").status_code == 403


def test_the_manifest_declares_the_actions_and_the_menu_entry():
    from apps.jobs import permissions
    from apps.systems import registry

    manifest = registry.catalogue()["jobs"]
    declared = {p.action for p in manifest.permissions}
    mirrored = {
        value
        for group in (permissions.Jobs, permissions.DeadLetters)
        for name, value in vars(group).items()
        if name.isupper()
    }
    assert declared == mirrored == {Jobs.LIST, Jobs.READ, DeadLetters.LIST, DeadLetters.REDRIVE}
    assert [(m.name, m.path, m.icon, m.category, m.permission) for m in manifest.menu] == [
        ("Jobs", "/section31/jobs", "gears", "Developers", Jobs.LIST)
    ]
    assert manifest.interfaces == {"admin": "section31/src/jobs.js"}


# --- dead letters ------------------------------------------------------------------------


@pytest.fixture
def letters(queues, tenant, other_tenant):
    """Dead letters of both academies, of no academy, and one that is not a task at all."""
    return {
        "mine": queues.dead_letter("tests.jobs.explode", tenant_id=tenant.pk, job_id=7),
        "mine_webhook": queues.dead_letter(
            "webhooks.deliver", queue="webhooks", tenant_id=tenant.pk, delivery_id="dlv_1"
        ),
        "theirs": queues.dead_letter(
            "tests.jobs.explode", tenant_id=other_tenant.pk, job_id=8, email="secret@acme.test"
        ),
        "system": queues.dead_letter("events.sweep"),
        "garbage": queues.dead_body("definitely not a celery message"),
    }


def test_dead_letters_list_only_this_academys_messages_and_only_ids(
    owner_client, tenant, other_tenant, letters, settings
):
    response = owner_client.get(f"{A}/dead-letters")
    assert response.status_code == 200
    items = {item["message_id"]: item for item in response.json()["items"]}
    assert set(items) == {letters["mine"], letters["mine_webhook"]}
    mine = items[letters["mine"]]
    assert set(mine) == {
        "message_id",
        "queue",
        "task",
        "task_id",
        "received_count",
        "sent_at",
        "summary",
    }
    assert mine["queue"] == "default" and mine["task"] == "tests.jobs.explode"
    assert mine["summary"] == "tests.jobs.explode(job_id=7)" and mine["task_id"]
    assert mine["received_count"] >= 1 and mine["sent_at"]
    hook = items[letters["mine_webhook"]]
    assert hook["queue"] == "webhooks" and hook["summary"] == "webhooks.deliver(delivery_id=dlv_1)"

    with tenant_context(other_tenant):
        other_owner = make_user(other_tenant, "owner@acme.test", admin=True, owner=True)
    settings.PRIMARY_DOMAIN = "teacherseat.test"
    settings.ALLOWED_HOSTS = [".teacherseat.test", "localhost", "testserver"]
    theirs = signed_in(other_owner).get(f"{A}/dead-letters", HTTP_HOST="acme.app.teacherseat.test")
    assert [i["message_id"] for i in theirs.json()["items"]] == [letters["theirs"]]
    assert "secret@acme.test" not in theirs.content.decode()  # kwargs beyond ids never shown
    assert str(other_tenant.pk) not in json.dumps(theirs.json()["items"][0]["summary"])


def test_listing_leaves_every_message_in_place(owner_client, queues, letters):
    owner_client.get(f"{A}/dead-letters")
    owner_client.get(f"{A}/dead-letters")
    assert queues.visible("default-dlq") == 4 and queues.visible("webhooks-dlq") == 1


def test_redrive_moves_only_this_academys_dead_letters_back(owner_client, queues, tenant, letters):
    response = post(owner_client, f"{A}/dead-letters/redrive")
    assert response.status_code == 200 and response.json() == {"redriven": 2}

    default = [decode_message(b) for b in queues.bodies("default")]
    assert [(name, kwargs) for name, _args, kwargs, _id in default] == [
        ("tests.jobs.explode", {"tenant_id": tenant.pk, "job_id": 7})
    ]
    webhooks = [decode_message(b)[0] for b in queues.bodies("webhooks")]
    assert webhooks == ["webhooks.deliver"]
    left = queues.bodies("default-dlq")
    assert len(left) == 3 and queues.visible("webhooks-dlq") == 0
    assert owner_client.get(f"{A}/dead-letters").json() == {"items": []}
    assert post(owner_client, f"{A}/dead-letters/redrive").json() == {"redriven": 0}


def test_redrive_of_named_messages_ignores_other_academies_ids(owner_client, queues, letters):
    response = post(
        owner_client,
        f"{A}/dead-letters/redrive",
        {"message_ids": [letters["theirs"], letters["system"], letters["garbage"], "nope"]},
    )
    assert response.json() == {"redriven": 0}
    assert queues.visible("default-dlq") == 4 and queues.visible("default") == 0

    one = post(owner_client, f"{A}/dead-letters/redrive", {"message_ids": [letters["mine"]]})
    assert one.json() == {"redriven": 1}
    assert queues.visible("default-dlq") == 3 and queues.visible("webhooks-dlq") == 1
    assert post(owner_client, f"{A}/dead-letters/redrive", {"message_ids": []}).json() == {
        "redriven": 0
    }
    assert queues.visible("webhooks-dlq") == 1


@pytest.mark.parametrize(
    "body",
    [[], "x", {"message_ids": "abc"}, {"message_ids": [1, {"a": 1}]}, {"message_ids": ["m"] * 101},
     {"message_ids": ["x" * 129]}, {"message_ids": ["a\x00b"]}],
)  # fmt: skip
def test_bad_redrive_bodies_are_400_and_move_nothing(owner_client, queues, letters, body):
    response = post(owner_client, f"{A}/dead-letters/redrive", body)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert queues.visible("default-dlq") == 4


def test_redrive_body_that_is_not_json_is_400(owner_client, queues):
    response = owner_client.post(
        f"{A}/dead-letters/redrive", b"\xff{", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "malformed_json"


def test_an_unreachable_queue_is_a_503_problem(owner_client, monkeypatch):
    import boto3
    from botocore.config import Config

    dead = boto3.client(
        "sqs",
        region_name="us-east-1",
        endpoint_url="http://127.0.0.1:9",
        aws_access_key_id="x",
        aws_secret_access_key="x",
        config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=1),
    )
    monkeypatch.setattr("apps.jobs.dead_letters.sqs_client", lambda: dead)
    for response in (
        owner_client.get(f"{A}/dead-letters"),
        post(owner_client, f"{A}/dead-letters/redrive"),
    ):
        assert response.status_code == 503
        assert response.json()["code"] == "queue_unavailable"


def test_summary_shows_only_plain_id_arguments():
    from apps.jobs.dead_letters import parse

    body = base64.b64encode(
        json.dumps(
            {
                "headers": {"task": "x.y", "id": "t-1"},
                "body": json.dumps(
                    [[], {"tenant_id": 3, "job_id": 5, "user_id": "a b", "flag_id": True,
                          "email": "e@x", "event_id": "6f1c-ab", "Weird_id": 1}, {}]
                ),
            }
        ).encode()
    ).decode()  # fmt: skip
    letter = parse("default", {"MessageId": "m", "Body": body, "Attributes": {}})
    assert letter.tenant_id == 3 and letter.task_id == "t-1"
    assert letter.summary == "x.y(event_id=6f1c-ab, job_id=5)"
    assert letter.sent_at is None and letter.received_count == 0
