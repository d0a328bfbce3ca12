"""Benchmark: what the transactional outbox adds to a write request.

    .venv/bin/python bench/outbox_overhead.py [--rounds 15] [--per-round 40]

Builds a scratch database ``teacherseat_bench_events`` on the embedded cluster (migrated,
one academy, a signed-in administrator) and an embedded SQS endpoint, then times
``POST /api/admin/iam/users`` (an invitation: creates the account, emits ``user.created``
and queues the invitation mail) in two variants, interleaved round by round:

- ``outbox``: as shipped — the service writes the event row in its transaction;
- ``no outbox``: ``emit`` replaced by a no-op in every module that imported it.

The time measured is the request's handling up to the response being ready (every
middleware, the view, the commit), which is what a client waits for: the relay's publish
to SQS runs when the WSGI server closes the response, after the bytes are sent, and is
timed separately. Prints min/median/max per variant and the overhead of the medians.
Target: <= 10 %.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _events_stack import academy_admin, start_stack


def signed_in_admin() -> Any:
    from teacherseat.testing.clients import signed_in

    return signed_in(academy_admin())


class Timed:
    """Wraps the test client's handler: time to the response, and the close after it."""

    def __init__(self, client: Any) -> None:
        self.handle: list[float] = []
        handler = client.handler
        inner = handler.get_response

        def get_response(request: Any) -> Any:
            started = time.perf_counter()
            response = inner(request)
            self.handle.append(time.perf_counter() - started)
            return response

        handler.get_response = get_response


def emitters() -> list[Any]:
    from apps.events import services

    return [
        m
        for name, m in list(sys.modules.items())
        if name.startswith("apps.") and m is not None and getattr(m, "emit", None) is services.emit
    ]


def run(rounds: int, per_round: int) -> dict[str, list[float]]:
    client = signed_in_admin()
    timed = Timed(client)
    modules = emitters()
    from apps.events import services

    real_emit = services.emit

    def no_emit(*args: Any, **kwargs: Any) -> None:
        return None

    samples: dict[str, list[float]] = {"outbox": [], "no outbox": []}
    counter = 0
    for round_no in range(rounds + 1):  # round 0 warms up and is dropped
        for variant in ("outbox", "no outbox") if round_no % 2 else ("no outbox", "outbox"):
            for module in modules:
                module.emit = real_emit if variant == "outbox" else no_emit
            timed.handle.clear()
            for _ in range(per_round):
                counter += 1
                email = f"bench-{time.time_ns()}-{counter}@example.com"
                response = client.post(
                    "/api/admin/iam/users", {"email": email, "name": "B"}, "application/json"
                )
                assert response.status_code == 201, response.content
            if round_no:
                samples[variant].append(statistics.median(timed.handle) * 1000)
    for module in modules:
        module.emit = real_emit
    return samples


def emit_cost(samples: int = 2000) -> list[float]:
    """Microseconds per emit() inside an open transaction (the INSERT and its bookkeeping),
    rolled back at the end."""
    from django.db import transaction

    from apps.events.services import emit
    from apps.tenants.context import tenant_context
    from apps.tenants.models import Tenant

    tenant = Tenant.objects.get(slug="default")
    costs = []
    with tenant_context(tenant):
        for n in range(samples):
            started = time.perf_counter()
            emit("user.created", {"user": {"id": n, "email": f"u{n}@example.com", "name": ""}})
            costs.append((time.perf_counter() - started) * 1e6)
        transaction.set_rollback(True)
    return costs


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-round", type=int, default=40)
    args = parser.parse_args()
    sqs = start_stack()
    try:
        samples = run(args.rounds, args.per_round)
        costs = emit_cost()
    finally:
        sqs.stop()
    for variant, values in samples.items():
        print(
            f"{variant:>10}: per-round median request ms: min {min(values):.2f} "
            f"median {statistics.median(values):.2f} max {max(values):.2f}"
        )
    base = statistics.median(samples["no outbox"])
    with_outbox = statistics.median(samples["outbox"])
    overhead = (with_outbox - base) / base * 100
    ratios = [a / b for a, b in zip(samples["outbox"], samples["no outbox"], strict=True)]
    print(
        f"overhead of the outbox: {overhead:+.1f} % (per-round ratios min "
        f"{min(ratios):.3f} median {statistics.median(ratios):.3f} max {max(ratios):.3f})"
    )
    per_emit = statistics.median(costs)
    print(
        f"emit() alone: median {per_emit:.0f} us (p95 {sorted(costs)[int(len(costs) * 0.95)]:.0f}"
        f" us) = {per_emit / 1000 / base * 100:.1f} % of the median request without it"
    )
    print("PASS" if overhead <= 10 else "MISS", "(target <= 10 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
