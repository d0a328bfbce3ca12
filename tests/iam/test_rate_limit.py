"""Sign-in throttling: per account and per IP, atomic under a concurrent burst."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client

from apps.iam.models import RateLimitCounter
from apps.iam.services.ratelimit import rate_limit_hit, window_start
from apps.tenants.context import tenant_context
from tests.factories import make_tenant, make_user
from tests.iam.helpers import post

SIGNIN = "/api/student/iam/auth/signin"
PASSWORD = "correct horse battery staple"


@pytest.mark.django_db
def test_account_limit_answers_429_with_retry_after_even_for_the_right_password(tenant, settings):
    settings.IAM_SIGNIN_LIMIT_PER_ACCOUNT = 3
    with tenant_context(tenant):
        make_user(tenant, "alice@example.com")
    statuses = [
        post(
            Client(), SIGNIN, {"email": "alice@example.com", "password": "wrong-password"}
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [401, 401, 401]
    blocked = post(Client(), SIGNIN, {"email": "ALICE@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "rate_limited"
    assert 1 <= int(blocked["Retry-After"]) <= 900
    other = post(Client(), SIGNIN, {"email": "bob@example.com", "password": "wrong-password"})
    assert other.status_code == 401  # another account is not throttled


@pytest.mark.django_db
def test_a_correct_password_clears_the_accounts_failed_attempts(tenant, settings):
    settings.IAM_SIGNIN_LIMIT_PER_ACCOUNT = 3
    with tenant_context(tenant):
        make_user(tenant, "alice@example.com")
    wrong = {"email": "alice@example.com", "password": "wrong-password"}
    right = {"email": "alice@example.com", "password": PASSWORD}
    assert [post(Client(), SIGNIN, wrong).status_code for _ in range(2)] == [401, 401]
    assert post(Client(), SIGNIN, right).status_code == 200
    # The owner's successful sign-in reset the count: three more failures fit again.
    assert [post(Client(), SIGNIN, wrong).status_code for _ in range(4)] == [401, 401, 401, 429]


@pytest.mark.django_db
def test_ip_limit_covers_every_account(tenant, settings):
    settings.IAM_SIGNIN_LIMIT_PER_IP = 2
    answers = [
        post(
            Client(REMOTE_ADDR="10.0.0.9"),
            SIGNIN,
            {"email": f"u{i}@example.com", "password": "x" * 12},
        )
        for i in range(3)
    ]
    assert [a.status_code for a in answers] == [401, 401, 429]
    elsewhere = post(
        Client(REMOTE_ADDR="10.0.0.10"), SIGNIN, {"email": "u9@example.com", "password": "x" * 12}
    )
    assert elsewhere.status_code == 401


@pytest.mark.django_db
def test_counter_counts_per_fixed_window():
    now = datetime(2026, 1, 1, 12, 7, 30, tzinfo=UTC)
    assert window_start(now, 900) == datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    with connection.cursor():
        counts = [rate_limit_hit(key="k", window_seconds=900, now=now).count for _ in range(3)]
        later = rate_limit_hit(key="k", window_seconds=900, now=now.replace(minute=15))
    assert counts == [1, 2, 3]
    assert later.count == 1
    assert RateLimitCounter.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_burst_never_exceeds_the_account_limit(settings):
    settings.IAM_SIGNIN_LIMIT_PER_ACCOUNT = 5
    tenant = make_tenant("default", "Default")
    with tenant_context(tenant):
        make_user(tenant, "alice@example.com")
    results: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(20)

    def attempt() -> None:
        try:
            barrier.wait()
            status = post(
                Client(), SIGNIN, {"email": "alice@example.com", "password": "wrong-pass"}
            ).status_code
            with lock:
                results.append(status)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Counter(results) == Counter({401: 5, 429: 15})


@pytest.mark.django_db
def test_scheduled_purge_deletes_only_expired_windows():
    from datetime import timedelta

    from django.utils import timezone

    from teacherseat.scheduled import purge_expired_rate_limits

    now = timezone.now()
    rate_limit_hit(key="old", window_seconds=900, now=now - timedelta(days=2))
    rate_limit_hit(key="fresh", window_seconds=900, now=now)
    assert purge_expired_rate_limits({}, None) == {"deleted": 1}
    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["fresh"]
