"""Concurrent reorders of one course stay consistent (positions 1..n, no duplicates)."""

from __future__ import annotations

import random
import threading

import pytest
from django.db import connection

from apps.content import services
from apps.content.models import Chapter, Course
from apps.tenants.context import tenant_context
from tests.factories import make_course, make_tenant

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 6
MOVES_PER_WORKER = 5


def test_concurrent_chapter_moves_keep_positions_contiguous_and_unique():
    tenant = make_tenant("default")
    with tenant_context(tenant):
        course = make_course("busy", chapters=8, materials_per_chapter=1)
        chapter_ids = list(Chapter.objects.filter(course=course).values_list("pk", flat=True))
    errors: list[BaseException] = []
    start = threading.Barrier(WORKERS)

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        try:
            start.wait()
            for _ in range(MOVES_PER_WORKER):
                with tenant_context(tenant):
                    fresh = Course.objects.get(pk=course.pk)
                    services.chapter_move(
                        course=fresh,
                        chapter_id=rng.choice(chapter_ids),
                        position=rng.randint(1, len(chapter_ids)),
                    )
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    with tenant_context(tenant):
        positions = sorted(Chapter.objects.filter(course=course).values_list("position", flat=True))
        assert positions == list(range(1, len(chapter_ids) + 1))
        assert set(Chapter.objects.filter(course=course).values_list("pk", flat=True)) == set(
            chapter_ids
        )
