"""Benchmark: the student course outline (20 chapters x 25 materials) under load.

    .venv/bin/python bench/outline.py [--seconds 8] [--clients 20] [--max-requests 5000]

Builds a scratch database ``teacherseat_bench`` on the embedded cluster (migrated, one
tenant, a fresh 20x25 published course, a student with ~40% progress), starts
``bench/outline_server.py`` (WSGI on loopback, 20 worker threads, persistent DB connections,
DEBUG off) and hits it with ``--clients`` threads using ``http.client``, bounded by time and
request count. It measures the querylet endpoint and, on the same data, the same document
built with DRF nested serializers (``drf_outline_view`` in ``bench/outline_server.py``), then prints p50/p95 latency and
requests/s for both. Targets: querylet >= 5x DRF requests/s; querylet p95 <= 30 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = "teacherseat_bench"
CHAPTERS, MATERIALS = 20, 25


def bench_database_urls() -> tuple[str, str]:
    """(app URL, owner URL) of the bench database, created owned by the owner role."""
    from teacherseat.embedded_db import ensure_running

    logins = ensure_running(database=BENCH_DB)
    return logins.app, logins.owner


def seed() -> tuple[int, str]:
    """Migrate and seed a fresh 20x25 course; returns (course id, student session cookie)."""
    import django
    from django.core.management import call_command

    django.setup()
    from apps.tenants.db_role import privileged

    with privileged():
        call_command("migrate", verbosity=0, interactive=False)

    from django.test import Client

    from apps.content import services as content
    from apps.content.models import Course, Material
    from apps.iam.models import User
    from apps.learning import services as learning
    from apps.learning.models import Enrollment
    from apps.tenants.context import tenant_context
    from apps.tenants.services import tenant_get_or_create

    tenant, _ = tenant_get_or_create(slug="default", name="Bench Academy")
    with tenant_context(tenant):
        slug = f"outline-{int(time.time())}"
        course = content.course_create(title="Outline bench", slug=slug, summary="bench")
        chapters = []
        for c in range(CHAPTERS):
            chapters.append(content.chapter_create(course=course, title=f"Chapter {c + 1}"))
        Material.objects.bulk_create(
            Material(
                course=course,
                chapter=ch,
                title=f"Lesson {ch.position}.{m + 1}",
                kind="video" if m % 5 == 0 else "article",
                position=m + 1,
                video_url="https://v.example.com/x.mp4" if m % 5 == 0 else "",
                duration_seconds=600 if m % 5 == 0 else None,
                body_md="Body",
                body_html="<p>Body</p>",
            )
            for ch in chapters
            for m in range(MATERIALS)
        )
        content.course_set_status(course=course, status=Course.Status.PUBLISHED)
        email = f"bench-{slug}@example.com"
        student = User.objects.create_user(
            email=email, password="bench-password-123", name="Bench Student"
        )
        learning.enrollment_enroll(user=student, course=course, source=Enrollment.Source.SELF)
        for material in Material.objects.filter(course=course).order_by("id")[:200]:
            if material.kind == "video":
                learning.progress_set_position(
                    user=student, material_id=material.pk, position_seconds=120
                )
            else:
                learning.progress_complete_material(user=student, material_id=material.pk)
        course_id = course.pk
    client = Client()
    with tenant_context(tenant):  # sessions are rows of the student's academy
        client.force_login(student)
        session = client.session
        session["ts_tenant_id"] = tenant.pk
        session.save()
    return course_id, client.cookies["sessionid"].value


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def one_request(port: int, path: str, cookie: str) -> tuple[float, int, int]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "localhost", "Cookie": f"sessionid={cookie}"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return time.perf_counter() - start, response.status, len(body)


def load(
    port: int, path: str, cookie: str, *, clients: int, seconds: float, max_requests: int
) -> dict[str, float]:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    issued = [0]

    def worker() -> None:
        while time.perf_counter() < deadline:
            with lock:
                if issued[0] >= max_requests:
                    return
                issued[0] += 1
            elapsed, status, _ = one_request(port, path, cookie)
            with lock:
                if status == 200:
                    latencies.append(elapsed)
                else:
                    errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    q = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": len(latencies) / wall,
        "p50_ms": q[49] * 1000,
        "p95_ms": q[94] * 1000,
        "max_ms": latencies[-1] * 1000 if latencies else 0.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--max-requests", type=int, default=5000)
    parser.add_argument(
        "--server-processes",
        type=int,
        default=1,
        help="pre-forked server processes (threads are split between them)",
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
    os.environ["DATABASE_URL"], os.environ["DATABASE_OWNER_URL"] = bench_database_urls()
    os.environ["DEBUG"] = "false"
    os.environ["DB_CONN_MAX_AGE"] = "600"
    course_id, cookie = seed()

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "bench" / "outline_server.py"),
            str(port),
            str(args.clients),
            str(args.server_processes),
        ],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env=os.environ.copy(),
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        server.stdout.readline()  # "ready"
        paths = {
            "querylet": f"/api/student/learning/courses/{course_id}/outline",
            "drf": f"/bench/drf/courses/{course_id}/outline",
        }
        docs = {}
        for name, path in paths.items():
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request(
                "GET", path, headers={"Host": "localhost", "Cookie": f"sessionid={cookie}"}
            )
            response = conn.getresponse()
            docs[name] = json.loads(response.read())
            assert response.status == 200, (name, docs[name])
            for _ in range(30):  # warm up every worker's connection and caches
                one_request(port, path, cookie)
        materials = sum(len(ch["materials"]) for ch in docs["querylet"]["chapters"])
        same_shape = _normalise(docs["querylet"]) == _normalise(docs["drf"])
        print(
            f"course {course_id}: {len(docs['querylet']['chapters'])} chapters, "
            f"{materials} materials; documents equal: {same_shape}; "
            f"bytes querylet={len(json.dumps(docs['querylet']))}"
        )
        results = {}
        for name, path in paths.items():
            results[name] = load(
                port,
                path,
                cookie,
                clients=args.clients,
                seconds=args.seconds,
                max_requests=args.max_requests,
            )
            r = results[name]
            print(
                f"{name:9s} {r['requests']:6.0f} req  {r['rps']:8.1f} req/s  "
                f"p50 {r['p50_ms']:6.1f} ms  p95 {r['p95_ms']:6.1f} ms  "
                f"max {r['max_ms']:6.1f} ms  errors {r['errors']:.0f}"
            )
        ratio = results["querylet"]["rps"] / max(results["drf"]["rps"], 1e-9)
        p95 = results["querylet"]["p95_ms"]
        print(
            f"querylet/drf throughput: {ratio:.1f}x (target >= 5x: "
            f"{'met' if ratio >= 5 else 'NOT met'}); querylet p95 {p95:.1f} ms "
            f"(target <= 30 ms: {'met' if p95 <= 30 else 'NOT met'}) at {args.clients} clients"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the server and its forked workers only
        server.wait(timeout=10)
    return 0


def _normalise(doc: dict[str, object]) -> str:
    """Compare documents modulo timestamp formatting and number types."""

    def walk(value: object) -> object:
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items() if not k.endswith("_at")}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value

    return json.dumps(walk(doc), sort_keys=True)


if __name__ == "__main__":
    raise SystemExit(main())
