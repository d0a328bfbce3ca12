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
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "teacherseat_bench_events"


def setup() -> Any:
    from teacherseat import embedded_sqs
    from teacherseat.embedded_db import ensure_running

    logins = ensure_running(database=BENCH_DB)
    os.environ["DATABASE_URL"], os.environ["DATABASE_OWNER_URL"] = logins.app, logins.owner
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
    os.environ["DEBUG"] = "false"
    os.environ["EVENTS_VALIDATE_PAYLOADS"] = "false"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    sqs = embedded_sqs.start(strict_purge=False)
    embedded_sqs.configure_environment(sqs.endpoint, prefix="bench-")
    import django

    django.setup()
    from django.core.management import call_command

    from apps.tenants.db_role import privileged

    with privileged():
        call_command("migrate", verbosity=0, interactive=False)
    embedded_sqs.create_queues()
    return sqs


def signed_in_admin() -> Any:
    from apps.iam.models import User
    from apps.tenants.context import tenant_context
    from apps.tenants.services import tenant_get_or_create
    from teacherseat.testing.clients import signed_in

    tenant, _ = tenant_get_or_create(slug="default", name="Bench Academy")
    with tenant_context(tenant):
        admin = User.objects.filter(email="bench-admin@example.com").first()
        if admin is None:
            admin = User.objects.create_user(
                email="bench-admin@example.com",
                password="bench-password-123",
                name="Admin",
                admin_panel_access=True,
                is_account_owner=True,
            )
    return signed_in(admin)


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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--per-round", type=int, default=40)
    args = parser.parse_args()
    sqs = setup()
    try:
        samples = run(args.rounds, args.per_round)
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
    print("PASS" if overhead <= 10 else "MISS", "(target <= 10 %)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
