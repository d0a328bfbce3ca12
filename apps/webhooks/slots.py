"""At most ``PER_ENDPOINT`` requests in flight per endpoint, across every worker.

A slot is a Postgres session-level advisory lock keyed by (endpoint, slot number), held
only around the HTTP request itself (:func:`held`) and released right after it — not until
the task's transaction commits, so a fast endpoint's slots turn over as fast as it answers.
A killed worker's connection drops and frees its slots with it. A slow or silent endpoint
therefore occupies at most this many workers; its other deliveries wait their turn instead
of blocking everyone else's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DatabaseError, connection

from querylet import django_adapter as ql

logger = logging.getLogger(__name__)

PER_ENDPOINT = 4
# High bits of every key, so these locks never collide with another feature's.
NAMESPACE = 0x5748 << 44


def lock_key(endpoint_id: int, slot: int) -> int:
    return NAMESPACE + endpoint_id * 8 + slot


def acquire(endpoint_id: int) -> int | None:
    """Take a free slot (its number) until :func:`release`; None when all are taken.

    One statement per slot tried (usually one): a single query filtering on the lock
    function could take several slots, since SQL does not promise to stop at the first.
    """
    with connection.cursor() as cursor:
        for slot in range(PER_ENDPOINT):
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(endpoint_id, slot)])
            row = cursor.fetchone()
            if row is not None and row[0]:
                return slot
    return None


def release(endpoint_id: int, slot: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key(endpoint_id, slot)])
    except DatabaseError:  # the connection is gone, and the lock with it
        logger.warning("could not release webhook slot %s of endpoint %s", slot, endpoint_id)


def full(endpoint_ids: list[int]) -> set[int]:
    """Those of ``endpoint_ids`` whose every slot is taken right now (one query)."""
    if not endpoint_ids:
        return set()
    data = {"namespace": NAMESPACE, "endpoint_ids": endpoint_ids, "per_endpoint": PER_ENDPOINT}
    return {int(pk) for pk in ql.fetch_values("webhooks.worker.full", data)}


@contextmanager
def held(endpoint_id: int) -> Iterator[int | None]:
    """A free slot for the block (None: every slot is taken). The block must not run
    queries: a failed one would leave the transaction unable to release the slot."""
    slot = acquire(endpoint_id)
    try:
        yield slot
    finally:
        if slot is not None:
            release(endpoint_id, slot)
