"""Delivery reliability, counted: a killed worker, a restarted Postgres, hostile receivers.

Real parts only: a Celery worker process (or two in turn), the embedded SQS endpoint, the
embedded Postgres, and a local HTTP receiver. Every delivery is verified with the
published ``standardwebhooks`` library. Each test emits numbered ``test.ping`` events (a
type declared by tests/reliability/system.json, loaded for these tests only) to endpoints
subscribed to every event, through the admin API.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.utils import InterfaceError, OperationalError
from django.test import override_settings
from standardwebhooks import Webhook

from apps.events.services import emit
from apps.systems import registry
from apps.tenants.context import tenant_context
from teacherseat.queues import queues, sqs_client
from teacherseat.testing.clients import signed_in
from teacherseat.testing.jobs import WorkerProcess, restart_embedded_postgres, wait_until
from teacherseat.testing.receiver import Received, Receiver, start_receiver
from tests.factories import make_tenant, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.reliability]

MANIFEST = Path(__file__).with_name("system.json")


@pytest.fixture(autouse=True)
def _local_receivers_allowed(settings: Any) -> None:
    """The receiver listens on loopback, which the SSRF guard refuses unless listed (the
    worker processes get the same list from WorkerProcess)."""
    settings.WEBHOOKS_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1", "localhost"]


@pytest.fixture
def ping_events() -> Iterator[None]:
    with override_settings(EXTRA_SYSTEM_MANIFESTS=[str(MANIFEST)]):
        registry.load()
        yield
    registry.load()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = start_receiver()
    yield server
    server.stop()


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[list[WorkerProcess]]:
    """Workers this test starts (stopped at the end); the queues start empty."""
    from teacherseat.queues import purge_all

    purge_all(sqs_client())
    started: list[WorkerProcess] = []
    yield started
    for worker in started:
        worker.stop()


def start_worker(workers: list[WorkerProcess], tmp_path: Path, concurrency: int = 8) -> Any:
    worker = WorkerProcess(mail_dir=tmp_path / f"worker{len(workers)}" / "mail")
    worker.start(concurrency=concurrency)
    workers.append(worker)
    worker.wait_ready()
    return worker


class Academy:
    def __init__(self, slug: str) -> None:
        self.tenant = make_tenant(slug, slug.title())
        with tenant_context(self.tenant):
            self.owner = make_user(self.tenant, f"owner@{slug}.example.com", admin=True, owner=True)
        self.client = signed_in(self.owner)
        self.secrets: dict[str, str] = {}

    def endpoint(self, url: str) -> str:
        response = self.client.post(
            "/api/admin/webhooks/endpoints",
            {"url": url, "event_types": ["*"], "description": "reliability"},
            "application/json",
            HTTP_HOST=self.host,
        )
        assert response.status_code == 201, response.content
        body = response.json()
        self.secrets[url] = body["secret"]
        return str(body["id"])

    @property
    def host(self) -> str:
        return "localhost" if self.tenant.slug == "default" else f"{self.tenant.slug}.app.localhost"

    def ping(self, n: int) -> str:
        with tenant_context(self.tenant):
            return f"msg_{emit('test.ping', {'n': n}).hex}"


def verified(request: Received, secret: str) -> dict[str, Any]:
    """The payload, after checking the signature with the published library."""
    headers = {k.lower(): v for k, v in request.headers.items()}
    payload: dict[str, Any] = Webhook(secret).verify(request.body, headers)
    return payload


def pairs(
    receiver: Receiver, academy: Academy, receiver_urls: dict[str, str]
) -> set[tuple[str, str]]:
    """(endpoint path, webhook-id) pairs received, each verified."""
    seen = set()
    for path, url in receiver_urls.items():
        for request in receiver.received(path):
            verified(request, academy.secrets[url])
            seen.add((path, request.headers["webhook-id"]))
    return seen


def test_a_worker_killed_mid_delivery_loses_nothing(
    ping_events: None, receiver: Receiver, workers: list[WorkerProcess], tmp_path: Path
) -> None:
    # given three endpoints, one of them slow, and queues that hand back an unacknowledged
    # message after 5 s (instead of minutes)
    academy = Academy("default")
    paths = ["/ok/a", "/ok/b", "/slow/0.2/c"]
    urls = {p: receiver.url(p) for p in paths}
    for url in urls.values():
        academy.endpoint(url)
    client = sqs_client()
    for info in queues():
        client.set_queue_attributes(QueueUrl=info.url, Attributes={"VisibilityTimeout": "5"})
    try:
        first = start_worker(workers, tmp_path)
        # when 40 events are emitted and the worker is SIGKILLed once deliveries are flowing
        ids = [academy.ping(n) for n in range(40)]
        wait_until(lambda: len(receiver.received("/slow")) >= 5, timeout=60)
        first.kill()
        delivered_before_kill = len(receiver.received())
        start_worker(workers, tmp_path)
        # then every event reaches every endpoint
        expected = {(p, i) for p in paths for i in ids}
        wait_until(lambda: pairs(receiver, academy, urls) >= expected, timeout=120)
    finally:
        for info in queues():
            client.set_queue_attributes(QueueUrl=info.url, Attributes={"VisibilityTimeout": "360"})
    assert delivered_before_kill < len(expected), "the kill came after every delivery"
    assert pairs(receiver, academy, urls) == expected
    # and a duplicate only ever repeats the same webhook-id with the same signed body
    bodies: dict[tuple[str, str], set[bytes]] = {}
    for path in paths:
        for request in receiver.received(path):
            bodies.setdefault((path, request.headers["webhook-id"]), set()).add(request.body)
    assert all(len(b) == 1 for b in bodies.values())


def test_a_postgres_restart_during_a_burst_loses_no_committed_event(
    ping_events: None, receiver: Receiver, workers: list[WorkerProcess], tmp_path: Path
) -> None:
    academy = Academy("default")
    url = receiver.url("/ok/burst")
    academy.endpoint(url)
    start_worker(workers, tmp_path)
    committed: set[str] = set()
    rolled_back: set[str] = set()
    unknown: set[str] = set()  # the commit itself failed: it may or may not have happened
    restarted = False
    started = time.monotonic()
    n = 0
    # when events are emitted for 6 s, every fifth in a transaction that rolls back, and
    # Postgres restarts after 2 s
    while time.monotonic() - started < 6:
        if not restarted and time.monotonic() - started > 2:
            restart_embedded_postgres()
            restarted = True
        n += 1
        webhook_id = None
        try:
            with transaction.atomic():
                webhook_id = academy.ping(n)
                if n % 5 == 0:
                    raise _RollBack
        except _RollBack:
            rolled_back.add(str(webhook_id))
            continue
        except (OperationalError, InterfaceError):
            if webhook_id is not None:
                unknown.add(webhook_id)
            connection.close()
            time.sleep(0.05)
            continue
        committed.add(str(webhook_id))
    connection.close()
    assert restarted and len(committed) > 20

    def delivered() -> set[str]:
        return {r.headers["webhook-id"] for r in receiver.received("/ok/burst")}

    # then every committed event is delivered, and no rolled-back one ever is
    wait_until(lambda: delivered() >= committed, timeout=120)
    time.sleep(3)  # room for a wrongly sent rolled-back event to show up
    for request in receiver.received("/ok/burst"):
        verified(request, academy.secrets[url])
    assert not delivered() & rolled_back
    assert delivered() <= committed | unknown


class _RollBack(Exception):
    pass


def test_slow_failing_and_silent_receivers_do_not_hold_up_others(
    ping_events: None, receiver: Receiver, workers: list[WorkerProcess], tmp_path: Path
) -> None:
    # given one academy with a fast endpoint beside endpoints that hang past the 10 s
    # timeout, answer slowly, 500 or 410, and a second academy with a fast endpoint
    academy, other = Academy("default"), Academy("acme")
    hostile = ["/hang/h", "/slow/3/s", "/status/500/e", "/status/410/g"]
    for path in hostile:
        academy.endpoint(receiver.url(path))
    academy.endpoint(receiver.url("/ok/fast"))
    other.endpoint(receiver.url("/ok/other"))
    start_worker(workers, tmp_path, concurrency=16)
    # when 30 events are emitted in each academy
    emitted = time.monotonic()
    mine = {academy.ping(n) for n in range(30)}
    theirs = {other.ping(n) for n in range(30)}

    def got(path: str) -> set[str]:
        return {r.headers["webhook-id"] for r in receiver.received(path)}

    # then both fast endpoints get all 30 within a few seconds, far below the hang timeout
    wait_until(lambda: got("/ok/fast") >= mine and got("/ok/other") >= theirs, timeout=60)
    finished = max(r.at for r in receiver.received("/ok/"))
    # (with head-of-line blocking they would wait for the hanging endpoint's 10 s timeouts:
    # 30 of them, 4 at a time, is 75 s)
    assert finished - emitted < 20, f"fast endpoints waited {finished - emitted:.1f} s"
    hung_before = [r for r in receiver.received("/hang/") if r.at <= finished]
    assert len(hung_before) < 30, "the fast endpoints finished only after the hanging one"
    # and the 410 endpoint was disabled after its first answer
    gone = academy.client.get("/api/admin/webhooks/endpoints").json()["items"]
    states = {e["url"].rsplit("/", 2)[-2]: e["enabled"] for e in gone}
    assert states["410"] is False
    assert len(receiver.received("/status/410")) < 30
    assert json.loads(receiver.received("/ok/fast")[0].body)["type"] == "test.ping"
