"""Micro-benchmark for the IAM policy engine.

Run: ``.venv/bin/python bench/iam_engine.py``.  Builds principals with 1, 20 and 100
attached policies (3 statements each, roughly half carrying conditions, plus a
permissions boundary for the larger ones), warms the ``PolicySet`` and measures single
decisions over a rotating mix of actions/resources/contexts.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.iam.engine import Decision, PolicySet, compile_policy

TARGET_P50_US = 20.0
SERVICES = ["content", "billing", "admin:iam", "reports", "media"]
VERBS = ["list", "get", "create", "update", "delete", "publish"]


def make_policy(i: int, rng: random.Random) -> dict[str, Any]:
    svc = SERVICES[i % len(SERVICES)]
    verb = VERBS[i % len(VERBS)]
    statements: list[dict[str, Any]] = [
        {
            "Sid": f"Read{i}",
            "Effect": "Allow",
            "Action": [f"teacherseat:{svc}:get*", f"teacherseat:{svc}:list*"],
            "Resource": f"trn:teacherseat:acme:{svc}:*",
        },
        {
            "Sid": f"Write{i}",
            "Effect": "Allow",
            "Action": f"teacherseat:{svc}:{verb}",
            "Resource": [
                f"trn:teacherseat:acme:{svc}:course/{i}",
                "trn:teacherseat:acme:" + svc + ":user/${ts:username}/*",
            ],
            "Condition": {
                "StringEquals": {"ts:tenant": "acme"},
                "IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.168.0.0/16"]},
            },
        },
        {
            "Sid": f"Guard{i}",
            "Effect": "Deny",
            "Action": f"teacherseat:{svc}:delete",
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        },
    ]
    if rng.random() < 0.5:
        statements[0]["Condition"] = {
            "DateLessThan": {"aws:CurrentTime": "2099-01-01T00:00:00Z"},
            "ForAnyValue:StringLike": {"ts:groups": ["teachers", "admin*"]},
        }
    return {"Version": "2012-10-17", "Statement": statements}


def make_requests(rng: random.Random, n: int) -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for _ in range(n):
        svc = rng.choice(SERVICES)
        verb = rng.choice(VERBS)
        out.append(
            (
                f"teacherseat:{svc}:{verb}",
                f"trn:teacherseat:acme:{svc}:course/{rng.randrange(120)}",
                {
                    "ts:tenant": "acme",
                    "ts:username": "alice",
                    "aws:SourceIp": rng.choice(["10.1.2.3", "8.8.8.8"]),
                    "aws:MultiFactorAuthPresent": rng.random() < 0.8,
                    "aws:CurrentTime": "2026-11-28T10:00:00Z",
                    "ts:groups": rng.choice([["teachers"], ["students"], []]),
                },
            )
        )
    return out


def bench(n_policies: int, iterations: int = 20000) -> tuple[float, float, float, dict[str, int]]:
    rng = random.Random(n_policies)
    identity = [compile_policy(make_policy(i, rng), f"p{i}") for i in range(n_policies)]
    boundary = None
    if n_policies > 1:
        boundary = [
            compile_policy(
                {
                    "Version": "2012-10-17",
                    "Statement": {"Effect": "Allow", "Action": "teacherseat:*", "Resource": "*"},
                },
                "boundary",
            )
        ]
    policy_set = PolicySet(identity, boundary)
    requests = make_requests(rng, 512)
    for action, resource, context in requests:  # warm the per-action cache
        policy_set.evaluate(action, resource, context)
    samples: list[float] = []
    counts = {d.value: 0 for d in Decision}
    clock = time.perf_counter_ns
    evaluate = policy_set.evaluate
    started = clock()
    for k in range(iterations):
        action, resource, context = requests[k % len(requests)]
        t0 = clock()
        decision = evaluate(action, resource, context)
        samples.append((clock() - t0) / 1000.0)
        counts[decision.value] += 1
    elapsed = (clock() - started) / 1e9
    samples.sort()
    p50 = statistics.median(samples)
    p99 = samples[int(len(samples) * 0.99) - 1]
    return iterations / elapsed, p50, p99, counts


def bench_cold(n_policies: int, rounds: int = 50) -> tuple[float, float]:
    """Compile cost per policy and first (uncached) decision on a fresh PolicySet, in us."""
    rng = random.Random(1000 + n_policies)
    docs = [make_policy(i, rng) for i in range(n_policies)]
    requests = make_requests(rng, rounds)
    compile_us: list[float] = []
    first_us: list[float] = []
    for action, resource, context in requests:
        t0 = time.perf_counter_ns()
        compiled = [compile_policy(d, f"p{i}") for i, d in enumerate(docs)]
        t1 = time.perf_counter_ns()
        PolicySet(compiled).evaluate(action, resource, context)
        t2 = time.perf_counter_ns()
        compile_us.append((t1 - t0) / 1000.0 / n_policies)
        first_us.append((t2 - t1) / 1000.0)
    return statistics.median(compile_us), statistics.median(first_us)


def main() -> int:
    print(f"target: p50 <= {TARGET_P50_US:.0f} us for 20 policies (warm PolicySet)")
    ok = True
    for n in (1, 20, 100):
        rate, p50, p99, counts = bench(n)
        verdict = ""
        if n == 20:
            passed = p50 <= TARGET_P50_US
            ok = ok and passed
            verdict = "PASS" if passed else "MISS"
        print(
            f"{n:>4} policies: {rate:>10,.0f} decisions/s  p50 {p50:6.2f} us  "
            f"p99 {p99:6.2f} us  {counts}  {verdict}"
        )
    for n in (20, 100):
        per_policy, first = bench_cold(n)
        print(
            f"{n:>4} policies: compile {per_policy:6.1f} us/policy, "
            f"first decision on fresh PolicySet {first:6.1f} us (informational)"
        )
    print("PASS" if ok else "MISS")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
