"""Scheduled housekeeping added for the worker (Zappa ``events``): sweeps and the purge."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from apps.events.models import Event
from apps.tenants.context import tenant_context
from teacherseat import scheduled

pytestmark = pytest.mark.django_db


def event(tenant, *, age: timedelta, published: bool = False) -> Event:
    now = timezone.now()
    with tenant_context(tenant):
        return Event.objects.create(
            type="user.created",
            payload={},
            occurred_at=now - age,
            published_at=now - age if published else None,
        )


def published_at(tenant, row: Event):
    with tenant_context(tenant):
        return Event.objects.get(pk=row.pk).published_at


def test_sweep_events_publishes_what_the_relay_missed_in_every_academy(
    tenant, other_tenant, queues
):
    missed = event(tenant, age=timedelta(minutes=2))
    missed_elsewhere = event(other_tenant, age=timedelta(minutes=2))
    just_now = event(tenant, age=timedelta(seconds=0))  # the relay is about to publish it

    assert scheduled.sweep_events({}, None) == {"published": 2}
    assert published_at(tenant, missed) and published_at(other_tenant, missed_elsewhere)
    assert published_at(tenant, just_now) is None
    assert scheduled.sweep_events({}, None) == {"published": 0}


def test_purge_old_events_deletes_only_published_events_past_retention(tenant, other_tenant):
    expired = timedelta(days=settings.EVENTS_RETENTION_DAYS + 1)
    gone = [
        event(tenant, age=expired, published=True),
        event(other_tenant, age=expired, published=True),
    ]
    unpublished = event(tenant, age=expired)
    recent = event(tenant, age=timedelta(days=1), published=True)

    assert scheduled.purge_old_events({}, None) == {"deleted": 2}
    with tenant_context(tenant):
        assert set(Event.objects.values_list("pk", flat=True)) == {unpublished.pk, recent.pk}
    with tenant_context(other_tenant):
        assert not Event.objects.filter(pk=gone[1].pk).exists()


def test_sweep_webhooks_runs_the_webhooks_sweep(tenant, queues):
    pytest.importorskip("apps.webhooks.tasks", reason="apps.webhooks.tasks is not written yet")
    result = scheduled.sweep_webhooks({}, None)
    assert set(result) == {"swept"} and isinstance(result["swept"], int)


def test_zappa_schedules_the_sweeps_and_consumes_both_queues():
    stage = json.loads(Path(settings.BASE_DIR, "zappa_settings.json").read_text())["dev"]
    schedule = {e["function"]: e.get("expression") for e in stage["events"] if "expression" in e}
    assert schedule["teacherseat.scheduled.sweep_events"] == "rate(1 minute)"
    assert schedule["teacherseat.scheduled.sweep_webhooks"] == "rate(1 minute)"
    assert schedule["teacherseat.scheduled.purge_old_events"] == "rate(1 day)"
    for function in schedule:
        module, name = function.rsplit(".", 1)
        assert callable(getattr(__import__(module, fromlist=[name]), name)), function
    sources = [e for e in stage["events"] if "event_source" in e]
    assert {e["function"] for e in sources} == {"teacherseat.lambda_worker.handle_sqs"}
    assert sorted(e["event_source"]["arn"].rsplit(":", 1)[1] for e in sources) == [
        "teacherseat-default",
        "teacherseat-webhooks",
    ]
    # one delivery per invocation (each may take its 10 s timeout within Lambda's 30 s),
    # five default tasks
    batch = {e["event_source"]["arn"].rsplit("-", 1)[1]: e["event_source"] for e in sources}
    assert batch["webhooks"]["batch_size"] == 1 and batch["default"]["batch_size"] == 5
    assert all(e["event_source"]["enabled"] for e in sources)
