"""Webhooks admin API: endpoints, secrets, tests, replays and the delivery log, with IAM
denials (the action, and each event type's subscribe action) and cross-tenant 404s."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from apps.events.models import Event
from apps.iam.services import user_put_inline_policy
from apps.tenants.context import tenant_context
from apps.webhooks import selectors, services, vault
from apps.webhooks.models import Attempt, Delivery, Endpoint
from teacherseat.testing.clients import signed_in
from tests.factories import make_user
from tests.iam.helpers import allow
from tests.webhooks.helpers import API, Reply, patch, post

pytestmark = pytest.mark.django_db
USER_CREATED = {
    "user": {"id": 1, "email": "ada@example.com", "name": "Ada"},
    "source": "signup",
    "invited": False,
    "admin_panel_access": False,
}
ENDPOINT_KEYS = {
    "id", "url", "description", "event_types", "format", "headers", "enabled",
    "disabled_reason", "disabled_at", "failing_since", "secret_hint", "previous_expires_at",
    "created_at", "updated_at", "stats",
}  # fmt: skip
DELIVERY_KEYS = {
    "id", "event_id", "event_type", "webhook_id", "status", "attempts", "last_status_code",
    "next_attempt_at", "delivered_at", "created_at",
}  # fmt: skip


def create(client: Any, **body: Any) -> Any:
    body = {"url": "http://127.0.0.1:9/hook", "event_types": ["user.created"], **body}
    response = post(client, "/endpoints", body)
    assert response.status_code == 201, response.content
    return response.json()


def staff_client(tenant: Any, *actions: str) -> Any:
    with tenant_context(tenant):
        staff = make_user(tenant, f"staff-{uuid.uuid4().hex[:6]}@example.com", admin=True)
        if actions:
            user_put_inline_policy(actor=None, user=staff, name="p", document=allow(list(actions)))
    return signed_in(staff)


def make_delivery(
    endpoint: Any, *, status: str = "pending", event_type: str = "user.created", **fields: Any
) -> Any:
    event_id = uuid.uuid4()
    return Delivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        event_type=event_type,
        occurred_at=timezone.now(),
        payload={"n": 1},
        webhook_id=f"msg_{event_id.hex}",
        status=status,
        **fields,
    )


# --- endpoints -----------------------------------------------------------------------------


def test_create_shows_the_secret_once_and_keeps_it_encrypted(owner_client, tenant):
    created = create(
        owner_client,
        description="CRM",
        format="slack",
        headers={"Authorization": "Bearer x"},
    )
    assert set(created) == ENDPOINT_KEYS | {"secret"}
    assert created["secret"].startswith("whsec_")
    assert created["secret_hint"] == created["secret"][6:10]
    assert created["event_types"] == ["user.created"] and created["format"] == "slack"
    assert created["headers"] == {"Authorization": "Bearer x"} and created["enabled"]
    assert created["stats"] == {"succeeded": 0, "failed": 0, "pending": 0}
    assert created["disabled_reason"] is None
    listed = owner_client.get(f"{API}/endpoints").json()["items"]
    assert [set(e) for e in listed] == [ENDPOINT_KEYS]
    read = owner_client.get(f"{API}/endpoints/{created['id']}").json()
    assert "secret" not in read and read["secret_hint"] == created["secret_hint"]
    with tenant_context(tenant):
        row = Endpoint.objects.get()
        assert created["secret"] not in row.secret_encrypted
        assert vault.decrypt(row.secret_encrypted) == created["secret"]


def test_star_subscribes_to_everything_and_duplicates_collapse(owner_client):
    assert create(owner_client, event_types=["user.created", "*"])["event_types"] == ["*"]
    both = create(owner_client, event_types=["user.created", "course.published", "user.created"])
    assert both["event_types"] == ["course.published", "user.created"]


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"url": "http://169.254.169.254/latest/meta-data/"}, "unsafe_url", "url"),
        ({"url": "http://10.1.2.3/"}, "unsafe_url", "url"),
        ({"url": "http://2130706433/"}, "unsafe_url", "url"),
        ({"url": "http://[::ffff:127.0.0.1]/"}, "unsafe_url", "url"),
        ({"url": "https://user:pw@127.0.0.1/"}, "unsafe_url", "url"),
        ({"url": "gopher://127.0.0.1/"}, "unsafe_url", "url"),
        ({"url": "http://metadata.google.internal/"}, "unsafe_url", "url"),
        ({"url": "x" * 3000}, "validation_error", "url"),
        ({"headers": {"Host": "evil"}}, "invalid_header", "headers"),
        ({"headers": {"content-length": "0"}}, "invalid_header", "headers"),
        ({"headers": {"Webhook-Signature": "v1,x"}}, "invalid_header", "headers"),
        ({"headers": {"Transfer-Encoding": "chunked"}}, "invalid_header", "headers"),
        ({"headers": {"X-Ok": "a\r\nX-Injected: 1"}}, "invalid_header", "headers"),
        ({"headers": {"Bad Name": "1"}}, "invalid_header", "headers"),
        ({"headers": {"X-A\r\nB": "1"}}, "invalid_header", "headers"),
        ({"headers": {f"X-{i}": "v" for i in range(21)}}, "invalid_header", "headers"),
        ({"headers": ["X-A"]}, "validation_error", "headers"),
        ({"event_types": []}, "validation_error", "event_types"),
        ({"event_types": ["user.exploded"]}, "unknown_event_type", "event_types"),
        ({"event_types": "user.created"}, "validation_error", "event_types"),
        ({"format": "xml"}, "validation_error", "format"),
    ],
)
def test_bad_endpoints_are_400_with_a_stable_code(owner_client, tenant, body, code, field):
    payload = {"url": "http://127.0.0.1:9/hook", "event_types": ["user.created"], **body}
    response = post(owner_client, "/endpoints", payload)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code and field in problem["errors"]
    with tenant_context(tenant):
        assert Endpoint.objects.count() == 0


def test_unsafe_url_names_the_reason(owner_client):
    problem = post(
        owner_client, "/endpoints", {"url": "http://169.254.169.254/", "event_types": ["*"]}
    ).json()
    assert "link-local" in problem["detail"] and problem["errors"]["url"] == [problem["detail"]]


def test_https_is_required_when_http_is_not_allowed(owner_client, settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    response = post(owner_client, "/endpoints", {"url": "http://127.0.0.1/", "event_types": ["*"]})
    assert response.status_code == 400 and "https://" in response.json()["detail"]


def test_patch_changes_fields_and_disabling_cancels_pending_deliveries(owner_client, tenant):
    created = create(owner_client)
    with tenant_context(tenant):
        make_delivery(Endpoint.objects.get())
    changed = patch(
        owner_client,
        f"/endpoints/{created['id']}",
        {"description": "new", "event_types": ["*"], "url": "http://localhost:8000/x"},
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert body["description"] == "new" and body["event_types"] == ["*"]
    assert body["url"] == "http://localhost:8000/x" and body["format"] == "standard"
    off = patch(owner_client, f"/endpoints/{created['id']}", {"enabled": False}).json()
    assert not off["enabled"] and off["disabled_reason"] == "manual" and off["disabled_at"]
    with tenant_context(tenant):
        assert Delivery.objects.get().status == "cancelled"
    on = patch(owner_client, f"/endpoints/{created['id']}", {"enabled": True}).json()
    assert on["enabled"] and on["disabled_reason"] is None and on["failing_since"] is None
    bad = patch(owner_client, f"/endpoints/{created['id']}", {"url": "http://10.0.0.1/"})
    assert bad.status_code == 400 and bad.json()["code"] == "unsafe_url"


def test_patch_changes_only_the_fields_given(owner_client):
    created = create(owner_client, format="teams", headers={"X-Key": "k"}, description="d")
    changed = patch(owner_client, f"/endpoints/{created['id']}", {"description": "e"}).json()
    assert changed["format"] == "teams" and changed["headers"] == {"X-Key": "k"}
    assert changed["description"] == "e" and changed["event_types"] == created["event_types"]
    assert changed["secret_hint"] == created["secret_hint"] and changed["enabled"]


def test_delete_removes_the_endpoint_and_its_deliveries(owner_client, tenant):
    created = create(owner_client)
    with tenant_context(tenant):
        make_delivery(Endpoint.objects.get())
    assert owner_client.delete(f"{API}/endpoints/{created['id']}").status_code == 204
    assert owner_client.get(f"{API}/endpoints/{created['id']}").status_code == 404
    with tenant_context(tenant):
        assert Delivery.objects.count() == 0


def test_rotate_secret_with_and_without_overlap(owner_client, tenant):
    created = create(owner_client)
    url = f"/endpoints/{created['id']}/rotate-secret"
    rotated = post(owner_client, url, {"overlap_hours": 2}).json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    expires = timezone.datetime.fromisoformat(rotated["previous_expires_at"])
    assert abs((expires - timezone.now()) - timedelta(hours=2)) < timedelta(minutes=1)
    with tenant_context(tenant):
        endpoint = Endpoint.objects.get()
        assert services.endpoints.secrets_in_force(endpoint) == [
            rotated["secret"],
            created["secret"],
        ]
    default = post(owner_client, url).json()
    assert default["previous_expires_at"] is not None
    now = post(owner_client, url, {"overlap_hours": 0}).json()
    assert now["previous_expires_at"] is None
    shown = owner_client.get(f"{API}/endpoints/{created['id']}").json()
    assert shown["secret_hint"] == now["secret"][6:10]
    for bad in (73, -1, "x"):
        response = post(owner_client, url, {"overlap_hours": bad})
        assert response.status_code == 400, bad


def test_test_delivery_and_its_detail(owner_client, tenant, jobs, receiver):
    created = create(owner_client, url=receiver.url(), event_types=["user.created"])
    receiver.then(Reply(500, b"not yet", {"X-Why": "warming"}))
    response = post(owner_client, f"/endpoints/{created['id']}/test")
    assert response.status_code == 202
    delivery_id = response.json()["delivery_id"]
    jobs.run()
    assert post(owner_client, f"/deliveries/{delivery_id}/redeliver").status_code == 202
    jobs.run()
    detail = owner_client.get(f"{API}/deliveries/{delivery_id}").json()
    assert set(detail) == DELIVERY_KEYS | {"endpoint_id", "payload"}
    assert detail["status"] == "succeeded" and len(detail["attempts"]) == 2
    assert detail["event_type"] == "webhook.test" and detail["event_id"].startswith("evt_")
    assert detail["webhook_id"] == "msg_" + detail["event_id"][4:]
    assert detail["payload"]["type"] == "webhook.test"
    assert detail["payload"]["data"]["endpoint_id"] == created["id"]
    assert receiver.requests[0].verify(created["secret"]) == detail["payload"]
    first, second = detail["attempts"]
    assert first["status_code"] == 500 and first["response_body"] == "not yet"
    assert first["response_headers"]["x-why"] == "warming" and first["error"] is None
    assert second["status_code"] == 200 and isinstance(second["latency_ms"], int)
    typed = post(owner_client, f"/endpoints/{created['id']}/test", {"event_type": "user.created"})
    assert typed.status_code == 202
    unknown = post(owner_client, f"/endpoints/{created['id']}/test", {"event_type": "x.y"})
    assert unknown.status_code == 400 and unknown.json()["code"] == "unknown_event_type"


def test_disabled_endpoints_refuse_tests_replays_and_redeliveries(owner_client, tenant):
    created = create(owner_client, enabled=False)
    with tenant_context(tenant):
        delivery = make_delivery(Endpoint.objects.get(), status="failed")
    for path, body in [
        (f"/endpoints/{created['id']}/test", {}),
        (f"/endpoints/{created['id']}/replay", {"since": "2020-01-01T00:00:00Z"}),
        (f"/deliveries/{delivery.pk}/redeliver", {}),
    ]:
        response = post(owner_client, path, body)
        assert response.status_code == 409 and response.json()["code"] == "endpoint_disabled"


def test_replay_counts_the_matching_events_since_t(owner_client, tenant, jobs):
    created = create(owner_client, event_types=["user.created"])
    with tenant_context(tenant):
        old = timezone.now() - timedelta(days=2)
        Event.objects.create(type="user.created", payload=USER_CREATED, occurred_at=old)
        Event.objects.create(type="user.created", payload=USER_CREATED)
        Event.objects.create(type="course.published", payload={"course": {}})
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    response = post(owner_client, f"/endpoints/{created['id']}/replay", {"since": since})
    assert response.status_code == 202 and response.json() == {"queued": 1}
    again = post(owner_client, f"/endpoints/{created['id']}/replay", {"since": since})
    assert again.json() == {"queued": 1}
    with tenant_context(tenant):
        assert Delivery.objects.count() == 1
    for bad in ({}, {"since": "yesterday"}, {"since": 5}):
        assert post(owner_client, f"/endpoints/{created['id']}/replay", bad).status_code == 400


# --- the delivery log ------------------------------------------------------------------------


def test_delivery_log_filters_and_cursor_pages(owner_client, tenant, monkeypatch):
    created = create(owner_client)
    with tenant_context(tenant):
        endpoint = Endpoint.objects.get()
        ids = [
            make_delivery(endpoint, status=s, event_type=t).pk
            for s, t in [
                ("succeeded", "user.created"),
                ("failed", "user.created"),
                ("pending", "course.published"),
                ("succeeded", "course.published"),
                ("succeeded", "user.created"),
            ]
        ]
    monkeypatch.setattr(selectors, "DELIVERIES_PER_PAGE", 2)
    url = f"{API}/endpoints/{created['id']}/deliveries"
    first = owner_client.get(url).json()
    assert [d["id"] for d in first["items"]] == ids[:2:-1][:2] == [ids[4], ids[3]]
    assert set(first["items"][0]) == DELIVERY_KEYS
    second = owner_client.get(url, {"before": first["next"]}).json()
    assert [d["id"] for d in second["items"]] == [ids[2], ids[1]]
    third = owner_client.get(url, {"before": second["next"]}).json()
    assert [d["id"] for d in third["items"]] == [ids[0]] and third["next"] is None
    done = owner_client.get(url, {"status": "succeeded"}).json()
    assert [d["id"] for d in done["items"]] == [ids[4], ids[3]]
    typed = owner_client.get(url, {"event_type": "course.published", "status": "pending"}).json()
    assert [d["id"] for d in typed["items"]] == [ids[2]] and typed["next"] is None
    stats = owner_client.get(f"{API}/endpoints/{created['id']}").json()["stats"]
    assert stats == {"succeeded": 3, "failed": 1, "pending": 1}


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"before": "abc"},
        {"before": "\u0661\u0662"},
        {"before": str(2**63)},
        {"before": "-1"},
        {"event_type": "x" * 65},
    ],
)
def test_bad_delivery_log_queries_are_400(owner_client, query):
    created = create(owner_client)
    response = owner_client.get(f"{API}/endpoints/{created['id']}/deliveries", query)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"


# --- event types and IAM -------------------------------------------------------------------


def test_event_types_say_which_ones_the_caller_may_subscribe_to(owner_client, tenant):
    items = owner_client.get(f"{API}/event-types").json()["items"]
    by_type = {i["type"]: i for i in items}
    assert by_type["user.created"] == {
        "type": "user.created",
        "description": by_type["user.created"]["description"],
        "system": "iam",
        "subscribe_action": "teacherseat:admin:iam:users:read",
        "allowed": True,
    }
    assert "webhook.test" in by_type and all(i["allowed"] for i in items)
    limited = staff_client(tenant, "teacherseat:admin:webhooks:*")
    seen = {i["type"]: i["allowed"] for i in limited.get(f"{API}/event-types").json()["items"]}
    assert seen["user.created"] is False and seen["webhook.test"] is True


def test_subscribing_needs_each_types_subscribe_action(tenant):
    client = staff_client(tenant, "teacherseat:admin:webhooks:*")
    denied = post(
        client, "/endpoints", {"url": "http://127.0.0.1/x", "event_types": ["user.created"]}
    )
    assert denied.status_code == 403
    problem = denied.json()
    assert problem["code"] == "event_type_denied" and problem["event_type"] == "user.created"
    assert problem["action"] == "teacherseat:admin:iam:users:read"
    everything = post(client, "/endpoints", {"url": "http://127.0.0.1/x", "event_types": ["*"]})
    assert everything.status_code == 403 and everything.json()["code"] == "event_type_denied"
    ok = post(client, "/endpoints", {"url": "http://127.0.0.1/x", "event_types": ["webhook.test"]})
    assert ok.status_code == 201
    with tenant_context(tenant):
        assert Endpoint.objects.count() == 1
    reader = staff_client(tenant, "teacherseat:admin:webhooks:*", "teacherseat:admin:iam:users:*")
    assert create(reader)["event_types"] == ["user.created"]


def test_edits_that_redirect_events_need_the_subscribe_actions(owner_client, tenant):
    created = create(owner_client)
    client = staff_client(tenant, "teacherseat:admin:webhooks:*")
    url = f"/endpoints/{created['id']}"
    assert patch(client, url, {"description": "ok"}).status_code == 200
    assert patch(client, url, {"enabled": False}).status_code == 200
    for body in (
        {"url": "http://127.0.0.1/elsewhere"},
        {"headers": {"X-A": "b"}},
        {"enabled": True},
        {"event_types": ["webhook.test", "user.created"]},
    ):
        response = patch(client, url, body)
        assert response.status_code == 403, body
        assert response.json()["code"] == "event_type_denied"
    replay = post(client, f"{url}/replay", {"since": "2020-01-01T00:00:00Z"})
    assert replay.status_code == 403
    with tenant_context(tenant):
        assert Endpoint.objects.get().url == "http://127.0.0.1:9/hook"


ROUTES = [
    ("get", "/event-types", "endpoints:list"),
    ("get", "/endpoints", "endpoints:list"),
    ("post", "/endpoints", "endpoints:create"),
    ("get", "/endpoints/{e}", "endpoints:read"),
    ("patch", "/endpoints/{e}", "endpoints:update"),
    ("delete", "/endpoints/{e}", "endpoints:delete"),
    ("post", "/endpoints/{e}/rotate-secret", "endpoints:rotate_secret"),
    ("post", "/endpoints/{e}/test", "endpoints:test"),
    ("post", "/endpoints/{e}/replay", "endpoints:replay"),
    ("get", "/endpoints/{e}/deliveries", "deliveries:list"),
    ("get", "/deliveries/{d}", "deliveries:read"),
    ("post", "/deliveries/{d}/redeliver", "deliveries:redeliver"),
]


def _call(client: Any, method: str, path: str) -> Any:
    if method == "get":
        return client.get(API + path)
    if method == "delete":
        return client.delete(API + path)
    body: dict[str, Any] = {"description": "x"} if method == "patch" else {}
    if path.endswith("/replay"):
        body = {"since": "2020-01-01T00:00:00Z"}
    return getattr(client, method)(API + path, body, content_type="application/json")


@pytest.mark.parametrize(("method", "path", "action"), ROUTES)
def test_every_route_needs_its_action(tenant, owner_client, method, path, action):
    created = create(owner_client)
    with tenant_context(tenant):
        delivery = make_delivery(Endpoint.objects.get())
    target = path.format(e=created["id"], d=delivery.pk)
    others = [a for _, _, a in ROUTES if a != action]
    client = staff_client(tenant, *[f"teacherseat:admin:webhooks:{a}" for a in others])
    response = _call(client, method, target)
    assert response.status_code == 403
    assert response.json() == response.json() | {
        "code": "action_denied",
        "action": f"teacherseat:admin:webhooks:{action}",
    }


@pytest.mark.parametrize(("method", "path", "action"), ROUTES)
def test_other_academies_ids_are_404(tenant, other_tenant, owner_client, method, path, action):
    if "{" not in path:
        return
    with tenant_context(other_tenant):
        theirs, _ = services.endpoint_create(
            actor=None, url="http://127.0.0.1/theirs", event_types=["*"]
        )
        delivery = make_delivery(theirs)
    response = _call(owner_client, method, path.format(e=theirs.pk, d=delivery.pk))
    assert response.status_code == 404, response.content
    assert response.json()["code"] in {"endpoint_not_found", "delivery_not_found"}
    with tenant_context(other_tenant):
        assert Endpoint.objects.get().description == ""
        assert Delivery.objects.get().status == "pending"


# --- query counts ------------------------------------------------------------------------------


def test_read_query_counts_are_pinned_and_flat(owner_client, tenant, django_assert_num_queries):
    """Per request under pytest: tenant lookup, savepoint, set_config, session, user, the
    policy stamp, restore, release (7, as event-types shows); each read adds its one
    statement, and the delivery log also its endpoint's access check."""
    created = create(owner_client)
    with tenant_context(tenant):
        endpoint = Endpoint.objects.get()
        delivery = make_delivery(endpoint)
        Attempt.objects.create(delivery=delivery, status_code=500, latency_ms=3)
    reads = {
        f"{API}/event-types": 7,
        f"{API}/endpoints": 8,
        f"{API}/endpoints/{created['id']}": 8,
        f"{API}/endpoints/{created['id']}/deliveries": 9,
        f"{API}/deliveries/{delivery.pk}": 8,
    }
    for size in ("small", "large"):
        for url, expected in reads.items():
            with django_assert_num_queries(expected):
                assert owner_client.get(url).status_code == 200, (size, url)
        with tenant_context(tenant):
            for i in range(5):
                more, _ = services.endpoint_create(
                    actor=None, url=f"http://127.0.0.1/{i}", event_types=["*"]
                )
                for _ in range(3):
                    make_delivery(more)
                    Attempt.objects.create(delivery=make_delivery(endpoint), latency_ms=1)
