"""The whole pipeline with a real Celery worker process: an event emitted and committed
here arrives at a local receiver, signed; a slow endpoint does not hold a fast one up."""

from __future__ import annotations

import time

import pytest

from apps.events.services import emit
from apps.tenants.context import tenant_context
from apps.webhooks import services
from apps.webhooks.models import Delivery
from teacherseat.testing.jobs import wait_until
from tests.factories import make_tenant
from tests.webhooks.helpers import Reply, running_receiver

pytestmark = pytest.mark.django_db(transaction=True)


def user_created(n: int) -> dict:
    return {
        "user": {"id": n, "email": f"user{n}@example.com", "name": f"User {n}"},
        "source": "signup",
        "invited": False,
        "admin_panel_access": False,
    }


def test_an_emitted_event_arrives_verified_through_a_real_worker(celery_worker):
    tenant = make_tenant("default", "Default Academy")
    with running_receiver() as receiver:
        with tenant_context(tenant):
            endpoint, secret = services.endpoint_create(
                actor=None, url=receiver.url("/in"), event_types=["user.created"]
            )
        with tenant_context(tenant):
            event_id = emit("user.created", user_created(1))
        (request,) = wait_until(lambda: receiver.requests, timeout=30)
        payload = request.verify(secret)
        assert payload["type"] == "user.created"
        assert payload["data"]["user"]["email"] == "user1@example.com"
        assert request.headers["webhook-id"] == f"msg_{event_id.hex}"

        def succeeded():
            with tenant_context(tenant):
                return Delivery.objects.filter(status="succeeded").exists()

        wait_until(succeeded, timeout=30)
    with tenant_context(tenant):
        delivery = Delivery.objects.get(endpoint=endpoint)
        assert delivery.attempts == 1 and delivery.last_status_code == 200


def test_a_slow_endpoint_does_not_hold_up_a_fast_one(celery_worker):
    """At most 4 requests in flight per endpoint: with 6 events, the 5th request to the slow
    endpoint waits for a free slot (3 s), and every fast delivery arrives before it."""
    tenant = make_tenant("default", "Default Academy")
    events = 6
    with running_receiver() as slow, running_receiver() as fast:
        slow.default = Reply(200, delay=3.0)
        with tenant_context(tenant):
            services.endpoint_create(actor=None, url=slow.url(), event_types=["*"])
            _, secret = services.endpoint_create(actor=None, url=fast.url(), event_types=["*"])
        for n in range(events):
            with tenant_context(tenant):
                emit("user.created", user_created(n))
        wait_until(lambda: len(fast.requests) >= events, timeout=30)
        for request in fast.requests:
            request.verify(secret)

        def all_succeeded():
            with tenant_context(tenant):
                done = Delivery.objects.filter(status="succeeded").count()
            return done == 2 * events

        wait_until(all_succeeded, timeout=60)  # nothing in flight when the test ends
        assert slow.max_in_flight <= 4 and len(slow.requests) == events
        fifth_slow = sorted(r.at for r in slow.requests)[4]
        assert max(r.at for r in fast.requests) < fifth_slow
    time.sleep(2.5)  # let the worker's "no free slot, try again in 2 s" messages run out
