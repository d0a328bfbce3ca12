"""Benchmark: webhook deliveries per second, and latency from commit to receipt.

    .venv/bin/python bench/webhook_delivery.py [--events 1000] [--rate 50] [--seconds 10]
                                                [--repeats 3] [--concurrency 16]

Builds a scratch database ``teacherseat_bench_events`` (migrated, one academy, one
administrator), starts the embedded SQS endpoint, a local receiver (threaded HTTP server in
this process, answering 204) and ONE real worker process (``celery worker --pool threads``,
``--concurrency`` threads). An endpoint subscribed to every event is registered through the
admin API. Two measurements, each repeated ``--repeats`` times:

- throughput: with the worker stopped, ``--events`` events are committed (the relay queues
  their fan-out); the worker is started and the figure is deliveries / (last receipt -
  first receipt): fan-out and signed delivery, both done by the one worker process.
  Target >= 200 deliveries/s.
- latency: with the worker running, events are committed at ``--rate`` per second for
  ``--seconds``; latency = receipt time at the receiver - commit time. Target p95 <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _events_stack import academy_admin, start_stack


def academy_with_endpoint(url: str) -> int:
    """The bench academy with exactly one endpoint, subscribed to every event."""
    from teacherseat.testing.clients import signed_in

    admin = academy_admin()
    client = signed_in(admin)
    for endpoint in client.get("/api/admin/webhooks/endpoints").json()["items"]:
        client.delete(f"/api/admin/webhooks/endpoints/{endpoint['id']}")
    response = client.post(
        "/api/admin/webhooks/endpoints",
        {"url": url, "event_types": ["*"], "description": "bench"},
        "application/json",
    )
    assert response.status_code == 201, response.content
    return int(admin.tenant_id)


def emit_one(tenant_id: int, n: int) -> str:
    from apps.events.services import emit
    from apps.tenants.context import tenant_context

    with tenant_context(tenant_id):
        event_id = emit(
            "user.created", {"user": {"id": n, "email": f"u{n}@example.com", "name": ""}}
        )
    return f"msg_{event_id.hex}"


def start_worker(concurrency: int, log: Path) -> Any:
    from teacherseat.testing.jobs import WorkerProcess

    worker = WorkerProcess(mail_dir=log / "mail")
    worker.start(concurrency=concurrency)
    worker.wait_ready()
    return worker


def throughput(tenant_id: int, receiver: Any, events: int, concurrency: int, log: Path) -> float:
    from teacherseat.queues import purge_all, sqs_client

    purge_all(sqs_client())
    before = len(receiver.received())
    ids = {emit_one(tenant_id, n) for n in range(events)}
    worker = start_worker(concurrency, log)
    try:
        from teacherseat.testing.jobs import wait_until

        wait_until(
            lambda: {r.headers["webhook-id"] for r in receiver.received()[before:]} >= ids,
            timeout=600,
        )
    finally:
        worker.stop()
    got = receiver.received()[before:]
    first = min(r.at for r in got)
    last = max(r.at for r in got)
    return float(len(ids) / (last - first))


def latency(
    tenant_id: int, receiver: Any, rate: float, seconds: float, concurrency: int, log: Path
) -> list[float]:
    from teacherseat.queues import purge_all, sqs_client
    from teacherseat.testing.jobs import wait_until

    purge_all(sqs_client())
    worker = start_worker(concurrency, log)
    committed: dict[str, float] = {}
    try:
        before = len(receiver.received())
        interval = 1.0 / rate
        started = time.monotonic()
        n = 0
        while time.monotonic() - started < seconds:
            due = started + n * interval
            if time.monotonic() < due:
                time.sleep(due - time.monotonic())
            webhook_id = emit_one(tenant_id, 100000 + n)
            committed[webhook_id] = time.monotonic()  # the relay has published by now
            n += 1
        wait_until(
            lambda: (
                {r.headers["webhook-id"] for r in receiver.received()[before:]} >= set(committed)
            ),
            timeout=120,
        )
    finally:
        worker.stop()
    arrivals: dict[str, float] = {}
    for r in receiver.received()[before:]:
        arrivals.setdefault(r.headers["webhook-id"], r.at)
    return [arrivals[i] - committed[i] for i in committed]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    sqs = start_stack(WEBHOOKS_ALLOWED_PRIVATE_HOSTS="127.0.0.1", SQS_WAIT_TIME_SECONDS="0")
    from teacherseat.testing.receiver import start_receiver

    receiver = start_receiver()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"ts-bench-{os.getpid()}"
    try:
        tenant_id = academy_with_endpoint(receiver.url("/ok/bench"))
        rates, p50s, p95s = [], [], []
        for repeat in range(args.repeats):
            rates.append(throughput(tenant_id, receiver, args.events, args.concurrency, log))
            lat = latency(tenant_id, receiver, args.rate, args.seconds, args.concurrency, log)
            p50s.append(percentile(lat, 0.5) * 1000)
            p95s.append(percentile(lat, 0.95) * 1000)
            print(
                f"run {repeat + 1}: {rates[-1]:.0f} deliveries/s; latency at {args.rate:g}/s "
                f"p50 {p50s[-1]:.0f} ms p95 {p95s[-1]:.0f} ms (n={len(lat)})",
                flush=True,
            )
    finally:
        receiver.stop()
        sqs.stop()
    print(
        f"throughput deliveries/s: min {min(rates):.0f} median {statistics.median(rates):.0f} "
        f"max {max(rates):.0f}  -> {'PASS' if statistics.median(rates) >= 200 else 'MISS'} (>= 200)"
    )
    print(
        f"latency p95 ms: min {min(p95s):.0f} median {statistics.median(p95s):.0f} "
        f"max {max(p95s):.0f}; p50 median {statistics.median(p50s):.0f}"
        f"  -> {'PASS' if statistics.median(p95s) <= 1000 else 'MISS'} (p95 <= 1000 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
