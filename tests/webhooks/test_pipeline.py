"""The delivery pipeline end to end in-process: outbox → fan-out → deliver → a local receiver.

Tasks go through the embedded SQS queues and the production consumer path (``jobs``); every
request the receiver gets is verified with the published standardwebhooks package.
"""

from __future__ import annotations

import socket
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from apps.events.services import emit
from apps.jobs.runtime import send_now
from apps.tenants.context import tenant_context
from apps.webhooks import client, services, slots
from apps.webhooks.models import Attempt, Delivery, Endpoint
from tests.webhooks.helpers import Reply

pytestmark = pytest.mark.django_db
ADA = {
    "user": {"id": 1, "email": "ada@example.com", "name": "Ada"},
    "source": "signup",
    "invited": False,
    "admin_panel_access": False,
}
BOB = {**ADA, "user": {"id": 2, "email": "bob@example.com", "name": "Bob"}}


def sign_up(tenant: Any, data: Any = ADA) -> Any:
    with tenant_context(tenant):
        return emit("user.created", data)


def state(tenant: Any, model: Any = Delivery, **filters: Any) -> Any:
    with tenant_context(tenant):
        return list(model.objects.filter(**filters).order_by("pk"))


def make_due(tenant: Any) -> None:
    """The retry's wait is over (instead of sleeping through it)."""
    with tenant_context(tenant):
        Delivery.objects.filter(status="pending").update(
            next_attempt_at=timezone.now() - timedelta(seconds=1)
        )


def record_connections(monkeypatch: Any) -> Any:
    """The address of every socket this process connects from now on (SQS included)."""
    connected = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        connected.append(address[0])
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return connected


def sweep(jobs: Any) -> Any:
    send_now("webhooks.sweep", {})
    return jobs.run()


def test_an_event_reaches_the_receiver_signed_and_succeeds(tenant, receiver, make_endpoint, jobs):
    _, secret = make_endpoint(receiver.url("/in?src=ts"), ["user.created"])
    event_id = sign_up(tenant)
    ran = jobs.run()
    assert ran == ["events.handle", "webhooks.deliver"]
    (request,) = receiver.requests
    assert request.path == "/in?src=ts"
    payload = request.verify(secret)
    assert payload["type"] == "user.created" and payload["data"] == ADA
    assert request.headers["webhook-id"] == f"msg_{event_id.hex}"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Host"] == f"127.0.0.1:{receiver.port}"
    (delivery,) = state(tenant)
    assert delivery.status == "succeeded" and delivery.attempts == 1
    assert delivery.last_status_code == 200 and delivery.delivered_at is not None
    (attempt,) = state(tenant, Attempt)
    assert attempt.status_code == 200 and attempt.response_body == "ok"


@pytest.mark.parametrize("fmt", ["standard", "teams", "slack"])
def test_every_format_is_signed_the_same_way(tenant, receiver, make_endpoint, jobs, fmt):
    _, secret = make_endpoint(receiver.url(), ["*"], format=fmt)
    sign_up(tenant)
    jobs.run()
    payload = receiver.requests[0].verify(secret)
    assert {"standard": "data", "teams": "attachments", "slack": "blocks"}[fmt] in payload


def test_custom_headers_are_sent_and_cannot_override_signature_headers(
    tenant, receiver, make_endpoint, jobs
):
    _, secret = make_endpoint(receiver.url(), ["*"], headers={"Authorization": "Bearer abc"})
    sign_up(tenant)
    jobs.run()
    (request,) = receiver.requests
    assert request.headers["Authorization"] == "Bearer abc"
    request.verify(secret)


def test_only_subscribed_enabled_endpoints_get_it_and_fan_out_is_idempotent(
    tenant, other_tenant, receiver, make_endpoint, jobs
):
    make_endpoint(receiver.url("/all"), ["*"])
    make_endpoint(receiver.url("/users"), ["user.created"])
    make_endpoint(receiver.url("/tests"), ["webhook.test"])
    make_endpoint(receiver.url("/off"), ["*"], enabled=False)
    with tenant_context(other_tenant):
        services.endpoint_create(actor=None, url=receiver.url("/other"), event_types=["*"])
    sign_up(tenant)
    jobs.run()
    assert sorted(r.path for r in receiver.requests) == ["/all", "/users"]
    with tenant_context(tenant):
        from apps.events.models import Event

        event = Event.objects.get()
        assert services.deliveries_fan_out(event=event) == []  # a redelivered events.handle
    assert jobs.run() == [] and len(state(tenant)) == 2


def test_a_500_is_retried_on_schedule_and_a_later_2xx_clears_failing(
    tenant, receiver, make_endpoint, jobs
):
    _, secret = make_endpoint(receiver.url(), ["*"])
    receiver.then(Reply(500, b"database down", {"X-Trace": "t1"}))
    before = timezone.now()
    sign_up(tenant)
    jobs.run()
    (delivery,) = state(tenant)
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_status_code == 500
    wait = (delivery.next_attempt_at - before).total_seconds()
    assert 4.4 <= wait <= 6.0  # 5 s ± 10 %
    (attempt,) = state(tenant, Attempt)
    assert attempt.response_body == "database down"
    assert attempt.response_headers["x-trace"] == "t1"
    (failing,) = state(tenant, Endpoint)
    assert failing.failing_since is not None
    assert sweep(jobs) == ["webhooks.sweep"]  # not due yet: nothing sent
    make_due(tenant)
    assert sweep(jobs) == ["webhooks.sweep", "webhooks.deliver"]
    (delivery,) = state(tenant)
    assert delivery.status == "succeeded" and delivery.attempts == 2
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]
    for request in receiver.requests:
        request.verify(secret)
    assert state(tenant, Endpoint)[0].failing_since is None


def test_the_schedule_runs_out_and_the_delivery_fails(tenant, receiver, make_endpoint, jobs):
    make_endpoint(receiver.url(), ["*"])
    receiver.default = Reply(503)
    sign_up(tenant)
    jobs.run()
    waits = []
    for _ in range(9):
        (delivery,) = state(tenant)
        waits.append(delivery.next_attempt_at)
        make_due(tenant)
        sweep(jobs)
    (delivery,) = state(tenant)
    assert delivery.status == "failed" and delivery.attempts == 10
    assert delivery.next_attempt_at is None and len(receiver.requests) == 10


def test_410_disables_the_endpoint_at_once_and_mails_the_admins(
    tenant, owner, receiver, make_endpoint, jobs, mailoutbox
):
    endpoint, _ = make_endpoint(receiver.url(), ["*"])
    receiver.then(Reply(410, b"gone"))
    sign_up(tenant)
    sign_up(tenant, BOB)
    receiver.default = Reply(200)
    jobs.run()
    (endpoint,) = state(tenant, Endpoint)
    assert not endpoint.enabled and endpoint.disabled_reason == "gone"
    statuses = sorted(d.status for d in state(tenant))
    assert statuses in (["cancelled", "failed"], ["failed", "succeeded"])
    assert [m.to for m in mailoutbox] == [["owner@example.com"]]
    assert "410 Gone" in mailoutbox[0].body and endpoint.url in mailoutbox[0].subject


def test_an_endpoint_failing_for_five_days_is_disabled(
    tenant, owner, receiver, make_endpoint, jobs, mailoutbox
):
    endpoint, _ = make_endpoint(receiver.url(), ["*"])
    with tenant_context(tenant):
        Endpoint.objects.filter(pk=endpoint.pk).update(
            failing_since=timezone.now() - timedelta(days=5, minutes=1)
        )
    receiver.default = Reply(500)
    sign_up(tenant)
    jobs.run()
    (endpoint,) = state(tenant, Endpoint)
    assert not endpoint.enabled and endpoint.disabled_reason == "failing"
    assert state(tenant)[0].status == "failed"
    assert len(mailoutbox) == 1 and "5 days" in mailoutbox[0].body


def test_a_timeout_is_a_failed_attempt(tenant, receiver, make_endpoint, jobs, monkeypatch):
    monkeypatch.setattr(client, "TIMEOUT_SECONDS", 0.3)
    make_endpoint(receiver.url(), ["*"])
    receiver.then(Reply(200, delay=1.5))
    sign_up(tenant)
    jobs.run()
    (attempt,) = state(tenant, Attempt)
    assert attempt.status_code is None and "timed out" in attempt.error
    assert attempt.latency_ms < 1400
    assert state(tenant)[0].status == "pending"


def test_redirects_are_not_followed_and_metadata_is_never_contacted(
    tenant, receiver, make_endpoint, jobs, monkeypatch
):
    connected = record_connections(monkeypatch)
    make_endpoint(receiver.url(), ["*"])
    receiver.then(Reply(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"}))
    sign_up(tenant)
    jobs.run()
    (delivery,) = state(tenant)
    assert delivery.status == "pending" and delivery.last_status_code == 302
    assert len(receiver.requests) == 1
    assert "127.0.0.1" in connected and "169.254.169.254" not in connected


def test_a_host_that_rebinds_to_a_private_address_is_refused_at_delivery(
    tenant, make_endpoint, jobs, monkeypatch, settings
):
    real = socket.getaddrinfo
    answers = {"hooks.example.com": "93.184.216.34"}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    make_endpoint("https://hooks.example.com/in", ["*"])
    answers["hooks.example.com"] = "169.254.169.254"
    connected = record_connections(monkeypatch)
    sign_up(tenant)
    jobs.run()
    (attempt,) = state(tenant, Attempt)
    assert attempt.status_code is None and "169.254.169.254" in attempt.error
    assert "refused before sending" in attempt.error
    assert not {"169.254.169.254", "93.184.216.34"} & set(connected)


def test_a_duplicate_deliver_task_sends_nothing_more(tenant, receiver, make_endpoint, jobs):
    make_endpoint(receiver.url(), ["*"])
    sign_up(tenant)
    jobs.run()
    (delivery,) = state(tenant)
    send_now("webhooks.deliver", {"tenant_id": tenant.pk, "delivery_id": delivery.pk})
    assert jobs.run() == ["webhooks.deliver"]
    assert len(receiver.requests) == 1 and state(tenant)[0].attempts == 1


def test_when_every_slot_of_an_endpoint_is_busy_the_delivery_waits_without_an_attempt(
    tenant, receiver, make_endpoint, jobs
):
    endpoint, _ = make_endpoint(receiver.url(), ["*"])
    other = hold_slots(endpoint.pk, slots.PER_ENDPOINT)
    try:
        sign_up(tenant)
        assert jobs.run() == ["events.handle"]  # the fan-out sees it full: no task sent
        (delivery,) = state(tenant)
        assert delivery.status == "pending" and delivery.enqueued_at is None
        before = timezone.now()
        send_now("webhooks.deliver", {"tenant_id": tenant.pk, "delivery_id": delivery.pk})
        assert jobs.run() == ["webhooks.deliver"]  # a task sent anyway finds it busy
        (delivery,) = state(tenant)
        assert delivery.status == "pending" and delivery.attempts == 0
        assert receiver.requests == [] and state(tenant, Attempt) == []
        assert 1.5 <= (delivery.next_attempt_at - before).total_seconds() <= 3
        assert delivery.enqueued_at is None
    finally:
        other.rollback()
        other.close()
    make_due(tenant)
    sweep(jobs)
    assert state(tenant)[0].status == "succeeded" and len(receiver.requests) == 1


def test_rotation_overlap_signs_with_both_secrets_then_only_the_new_one(
    tenant, receiver, make_endpoint, jobs
):
    _, old = make_endpoint(receiver.url(), ["*"])
    with tenant_context(tenant):
        rotated = services.endpoint_rotate_secret(
            endpoint=Endpoint.objects.get(), overlap=timedelta(hours=24)
        )
    sign_up(tenant)
    jobs.run()
    during = receiver.requests[-1]
    assert during.verify(old) and during.verify(rotated.secret)
    with tenant_context(tenant):
        Endpoint.objects.update(previous_expires_at=timezone.now() - timedelta(seconds=1))
    sign_up(tenant, BOB)
    jobs.run()
    after = receiver.requests[-1]
    assert after.verify(rotated.secret)
    with pytest.raises(Exception, match="No matching signature"):
        after.verify(old)


def test_a_test_delivery_goes_to_that_endpoint_only(tenant, receiver, make_endpoint, jobs):
    endpoint, secret = make_endpoint(receiver.url("/a"), ["*"])
    make_endpoint(receiver.url("/b"), ["*"])
    with tenant_context(tenant):
        services.delivery_test(endpoint=endpoint)
        services.delivery_test(endpoint=endpoint, event_type="user.created")
    jobs.run()
    assert [r.path for r in receiver.requests] == ["/a", "/a"]
    first, second = (r.verify(secret) for r in receiver.requests)
    assert first["type"] == "webhook.test" and first["data"]["endpoint_id"] == endpoint.pk
    assert second["type"] == "user.created" and second["data"]["user"]["email"]


def test_replay_redelivers_old_events_and_delivers_missed_ones(
    tenant, receiver, make_endpoint, jobs
):
    _, secret = make_endpoint(receiver.url(), ["user.created"])
    sign_up(tenant)
    jobs.run()
    with tenant_context(tenant):
        from apps.events.models import Event

        Event.objects.create(type="user.created", payload={"user": {"email": "missed@x.io"}})
        Event.objects.create(
            type="user.created",
            payload={"user": {"email": "ancient@x.io"}},
            occurred_at=timezone.now() - timedelta(days=3),
        )
        queued = services.endpoint_replay(
            endpoint=Endpoint.objects.get(), since=timezone.now() - timedelta(hours=1)
        )
    assert queued == 2
    assert jobs.run() == ["webhooks.dispatch", "webhooks.deliver", "webhooks.deliver"]
    emails = sorted(r.verify(secret)["data"]["user"]["email"] for r in receiver.requests)
    assert emails == ["ada@example.com", "ada@example.com", "missed@x.io"]
    assert {d.status for d in state(tenant)} == {"succeeded"} and len(state(tenant)) == 2


def hold_slots(endpoint_id: int, count: int) -> Any:
    """Another database session holding ``count`` of the endpoint's slots (a running
    attempt elsewhere); roll it back to free them."""
    other = connection.get_new_connection(connection.get_connection_params())
    with other.cursor() as cursor:
        cursor.execute("BEGIN")
        for slot in range(count):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [slots.lock_key(endpoint_id, slot)])
    return other


def waiting(tenant: Any, endpoint: Any, count: int) -> list[int]:
    """``count`` due deliveries of ``endpoint`` without a lease (after a restart, say)."""
    with tenant_context(tenant):
        return [
            services.delivery_test(endpoint=Endpoint.objects.get(pk=endpoint.pk)).pk
            for _ in range(count)
        ]


def test_the_sweeper_sends_at_most_the_free_slots_of_each_endpoint(
    tenant, receiver, make_endpoint, jobs
):
    busy, _ = make_endpoint(receiver.url("/busy"), ["*"])
    idle, _ = make_endpoint(receiver.url("/idle"), ["*"])
    waiting(tenant, busy, 6)
    waiting(tenant, idle, 6)
    lose_sent_tasks(jobs)
    with tenant_context(tenant):
        Delivery.objects.update(enqueued_at=None)
    other = hold_slots(busy.pk, 3)
    try:
        with tenant_context(tenant):
            assert services.dispatch_due() == 1 + 4  # one slot of busy is free; four of idle
            Delivery.objects.update(enqueued_at=None)
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [slots.lock_key(busy.pk, 3)])
        with tenant_context(tenant):
            assert services.dispatch_due() == 4  # busy is full: none of its deliveries
    finally:
        other.rollback()
        other.close()


def test_a_finished_attempt_hands_its_slot_to_the_next_waiting_delivery(
    tenant, receiver, make_endpoint, jobs
):
    endpoint, secret = make_endpoint(receiver.url(), ["*"])
    ids = waiting(tenant, endpoint, 3)
    lose_sent_tasks(jobs)
    with tenant_context(tenant):
        # the last two found every slot taken: waiting, no message, no lease
        Delivery.objects.filter(pk__in=ids[1:]).update(
            enqueued_at=None, next_attempt_at=timezone.now() + timedelta(seconds=2)
        )
    send_now("webhooks.deliver", {"tenant_id": tenant.pk, "delivery_id": ids[0]})
    assert jobs.run() == ["webhooks.deliver"] * 3  # each one handed its slot on
    assert [d.status for d in state(tenant)] == ["succeeded"] * 3
    for request in receiver.requests:
        request.verify(secret)


def lose_sent_tasks(jobs: Any) -> None:
    """Send what the test's transaction queued, then drop it, as a lost message would be."""
    from teacherseat.queues import purge_all, sqs_client

    jobs.pending()
    purge_all(sqs_client())


def test_purge_deletes_old_finished_deliveries_only(tenant, other_tenant, make_endpoint, jobs):
    endpoint, _ = make_endpoint("http://127.0.0.1:9/x", ["*"])
    ids = waiting(tenant, endpoint, 3)
    lose_sent_tasks(jobs)
    old = timezone.now() - timedelta(days=31)
    with tenant_context(tenant):
        Delivery.objects.filter(pk=ids[0]).update(status="succeeded", updated_at=old)
        Delivery.objects.filter(pk=ids[1]).update(status="pending", updated_at=old)
        Delivery.objects.filter(pk=ids[2]).update(status="failed")
        Attempt.objects.create(delivery_id=ids[0], latency_ms=1)
    send_now("webhooks.purge", {})
    assert jobs.run() == ["webhooks.purge"]
    with tenant_context(tenant):
        assert sorted(Delivery.objects.values_list("pk", flat=True)) == ids[1:]
        assert Attempt.objects.count() == 0


def test_a_secret_that_no_longer_decrypts_fails_the_attempt_without_sending(
    tenant, receiver, make_endpoint, jobs, settings
):
    make_endpoint(receiver.url(), ["*"])
    settings.SECRET_KEY = "another-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123"
    sign_up(tenant)
    jobs.run()
    (attempt,) = state(tenant, Attempt)
    assert "does not decrypt" in attempt.error and receiver.requests == []
    assert state(tenant)[0].status == "pending"
