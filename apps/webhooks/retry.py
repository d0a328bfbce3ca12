"""When a failed delivery is tried again, and when an endpoint is given up on.

Attempt 1 is immediate; after a failed attempt ``n`` the next one waits ``SCHEDULE[n-1]``
(±10 % jitter, so receivers coming back up are not hit by every academy at once). After
attempt ``len(SCHEDULE) + 1`` fails the delivery is ``failed``: about 3 days 3 hours after
the first one. Documented in API.md; change both together.
"""

from __future__ import annotations

import random
from datetime import timedelta

SCHEDULE: tuple[timedelta, ...] = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=14),
    timedelta(hours=20),
    timedelta(hours=24),
)
MAX_ATTEMPTS = len(SCHEDULE) + 1
JITTER = 0.10
# An endpoint failing (no 2xx) for this long without a success is disabled.
DISABLE_AFTER = timedelta(days=5)


def next_delay(attempts_made: int) -> timedelta | None:
    """The wait after the ``attempts_made``-th failed attempt; None when it was the last."""
    if attempts_made < 1 or attempts_made > len(SCHEDULE):
        return None
    base = SCHEDULE[attempts_made - 1]
    factor = random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311 - jitter, not a secret
    return timedelta(seconds=base.total_seconds() * factor)
