"""Fixed-window counters in Postgres: one atomic upsert per hit.

``INSERT … ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 RETURNING count``
takes the row lock, so concurrent hits on one key are serialised by Postgres and each sees
a distinct count: a burst can never let more than ``limit`` attempts through. The counter
row commits with the request (the sign-in view answers failures without rolling back).
The table is not tenant-owned: an IP is throttled across every academy, and account keys
carry the tenant id themselves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from apps.core.errors import RateLimited
from apps.iam.email_address import canonical_email


@dataclass(frozen=True)
class Hit:
    count: int
    window_end: datetime


def window_start(now: datetime, window_seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % window_seconds, tz=now.tzinfo)


def rate_limit_hit(*, key: str, window_seconds: int, now: datetime | None = None) -> Hit:
    now = now or timezone.now()
    start = window_start(now, window_seconds)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO iam_rate_limits (key, window_start, count) VALUES (%s, %s, 1)"
            " ON CONFLICT (key, window_start)"
            " DO UPDATE SET count = iam_rate_limits.count + 1"
            " RETURNING count",
            [key, start],
        )
        count = int(cursor.fetchone()[0])
    return Hit(count=count, window_end=start + timedelta(seconds=window_seconds))


def rate_limit_enforce(*, keys: list[tuple[str, int]], window_seconds: int) -> None:
    """Count one hit on each ``(key, limit)``; raise 429 when any is over its limit.

    Keys are taken in sorted order so two requests never lock the same rows in opposite
    orders (no deadlock).
    """
    now = timezone.now()
    for key, limit in sorted(keys):
        hit = rate_limit_hit(key=key, window_seconds=window_seconds, now=now)
        if hit.count > limit:
            retry = max(1, int((hit.window_end - now).total_seconds() + 0.999))
            raise RateLimited(retry)


def rate_limit_clear(*, key: str) -> None:
    """Forget a key's hits (a correct password clears the account's failed attempts)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM iam_rate_limits WHERE key = %s", [key])


def rate_limit_purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete expired windows (run from a periodic task)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM iam_rate_limits WHERE window_start < %s", [timezone.now() - older_than]
        )
        return int(cursor.rowcount)


def account_key(prefix: str, tenant_id: int, email: str) -> str:
    digest = hashlib.sha256(canonical_email(email).encode()).hexdigest()[:32]
    return f"{prefix}:acct:{tenant_id}:{digest}"
