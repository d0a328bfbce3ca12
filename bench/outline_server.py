"""Bench server process: the WSGI app on loopback with a fixed pool of worker threads.

Each worker keeps its own database connection (``DB_CONN_MAX_AGE``), as a long-running
app server or a warm Lambda would. Started by ``bench/outline.py``; not for real use.
"""

from __future__ import annotations

import os
import socket
import sys
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


class PooledWSGIServer(WSGIServer):
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], workers: int) -> None:
        super().__init__(address, QuietHandler)
        self.pool = ThreadPoolExecutor(max_workers=workers)

    def get_request(self) -> tuple[Any, Any]:
        sock, address = super().get_request()
        # Headers and body go out in separate writes; without NODELAY, Nagle plus the
        # client's delayed ACK adds tens of milliseconds to every response.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address

    def process_request(self, request: Any, client_address: Any) -> None:
        self.pool.submit(self._work, request, client_address)

    def _work(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)


def drf_outline_view() -> Any:
    """The student outline built the conventional way, with DRF nested serializers.

    Same document as ``learning.student.outline`` (same data, same keys), so the two can be
    compared under load; ``prefetch_related`` keeps it to a handful of queries, the cost is
    the Python object graph and serialisation. Defined after ``django.setup()``.
    """
    from django.db.models import Prefetch
    from django.http import HttpResponse
    from django.utils import timezone
    from rest_framework import serializers
    from rest_framework.request import Request
    from rest_framework.response import Response

    from apps.content.models import Chapter, Course, Material
    from apps.core.api.base import StudentApi
    from apps.learning.models import Certificate, Enrollment, MaterialProgress

    def _percent(done: int, total: int) -> float:
        return 0 if total == 0 else round(100.0 * done / total, 1)

    class MaterialSerializer(serializers.ModelSerializer[Material]):
        completed = serializers.SerializerMethodField()
        completed_at = serializers.SerializerMethodField()
        position_seconds = serializers.SerializerMethodField()

        class Meta:
            model = Material
            fields = (
                "id",
                "title",
                "kind",
                "position",
                "required",
                "duration_seconds",
                "question_set_id",
                "completed",
                "completed_at",
                "position_seconds",
            )

        def _progress(self, material: Material) -> MaterialProgress | None:
            return self.context["progress"].get(material.pk)  # type: ignore[no-any-return]

        def get_completed(self, material: Material) -> bool:
            progress = self._progress(material)
            return progress is not None and progress.completed_at is not None

        def get_completed_at(self, material: Material) -> Any:
            progress = self._progress(material)
            return progress.completed_at if progress else None

        def get_position_seconds(self, material: Material) -> int:
            progress = self._progress(material)
            return progress.position_seconds if progress else 0

    class ChapterSerializer(serializers.ModelSerializer[Chapter]):
        materials = MaterialSerializer(many=True)
        total = serializers.SerializerMethodField()
        completed = serializers.SerializerMethodField()
        percent = serializers.SerializerMethodField()

        class Meta:
            model = Chapter
            fields = ("id", "title", "position", "total", "completed", "percent", "materials")

        def _done(self, chapter: Chapter, required_only: bool) -> int:
            progress = self.context["progress"]
            return sum(
                1
                for m in chapter.materials.all()
                if (m.required or not required_only)
                and m.pk in progress
                and progress[m.pk].completed_at is not None
            )

        def get_total(self, chapter: Chapter) -> int:
            return len(chapter.materials.all())

        def get_completed(self, chapter: Chapter) -> int:
            return self._done(chapter, False)

        def get_percent(self, chapter: Chapter) -> float:
            required = sum(1 for m in chapter.materials.all() if m.required)
            return _percent(self._done(chapter, True), required)

    class EnrollmentSerializer(serializers.ModelSerializer[Enrollment]):
        current = serializers.SerializerMethodField()

        class Meta:
            model = Enrollment
            fields = ("status", "source", "enrolled_at", "expires_at", "completed_at", "current")

        def get_current(self, enrollment: Enrollment) -> bool:
            return enrollment.is_current()

    class OutlineSerializer(serializers.ModelSerializer[Course]):
        chapters = ChapterSerializer(many=True)
        enrollment = serializers.SerializerMethodField()
        last_activity_at = serializers.SerializerMethodField()
        progress = serializers.SerializerMethodField()
        certificate = serializers.SerializerMethodField()

        class Meta:
            model = Course
            fields = (
                "id",
                "title",
                "slug",
                "summary",
                "cover_image",
                "enrollment",
                "last_activity_at",
                "progress",
                "certificate",
                "chapters",
            )

        def get_enrollment(self, course: Course) -> Any:
            enrollment = self.context["enrollment"]
            return EnrollmentSerializer(enrollment).data if enrollment else None

        def get_last_activity_at(self, course: Course) -> Any:
            enrollment = self.context["enrollment"]
            return enrollment.last_activity_at if enrollment else None

        def get_progress(self, course: Course) -> dict[str, Any]:
            progress = self.context["progress"]
            materials = [m for ch in course.chapters.all() for m in ch.materials.all()]
            done = [m for m in materials if m.pk in progress and progress[m.pk].completed_at]
            required = [m for m in materials if m.required]
            required_done = [m for m in done if m.required]
            return {
                "completed": len(done),
                "required": len(required),
                "required_completed": len(required_done),
                "percent": _percent(len(required_done), len(required)),
            }

        def get_certificate(self, course: Course) -> Any:
            certificate = self.context["certificate"]
            if certificate is None:
                return None
            return {
                "code": certificate.code,
                "issued_at": certificate.issued_at,
                "valid": certificate.revoked_at is None,
            }

    class DrfOutlineApi(StudentApi):
        """``GET /bench/drf/courses/<id>/outline`` (bench only)."""

        action = "teacherseat:student:learning:courses:read"

        def system_label(self) -> str:
            return "learning"  # counts as a Learning endpoint for registration checks

        def get(self, request: Request, course_id: int) -> HttpResponse:
            user = request.user
            course = (
                Course.objects.filter(pk=course_id, status=Course.Status.PUBLISHED)
                .prefetch_related(
                    Prefetch(
                        "chapters",
                        queryset=Chapter.objects.order_by("position").prefetch_related(
                            Prefetch("materials", queryset=Material.objects.order_by("position"))
                        ),
                    )
                )
                .first()
            )
            if course is None:
                return Response({"detail": "not found"}, status=404)
            context = {
                "progress": {
                    p.material_id: p
                    for p in MaterialProgress.objects.filter(user=user, course_id=course_id)
                },
                "enrollment": Enrollment.objects.filter(user=user, course_id=course_id).first(),
                "certificate": Certificate.objects.filter(user=user, course_id=course_id).first(),
                "now": timezone.now(),
            }
            return Response(OutlineSerializer(course, context=context).data)

    return DrfOutlineApi


def bench_urlconf() -> Any:
    """The project's URLs plus the DRF comparison view (bench process only)."""
    from django.urls import path

    from teacherseat import urls

    module = types.ModuleType("bench_outline_urls")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("bench/drf/courses/<int:course_id>/outline", drf_outline_view().as_view()),
        *urls.urlpatterns,
    ]
    for name in ("handler400", "handler403", "handler404", "handler500"):
        setattr(module, name, getattr(urls, name))
    return module


def main() -> None:
    if len(sys.argv) < 3:
        print("helper of bench/outline.py: outline_server.py PORT THREADS [PROCESSES]")
        return
    port, workers = int(sys.argv[1]), int(sys.argv[2])
    processes = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.ROOT_URLCONF = bench_urlconf()
    from django.core.wsgi import get_wsgi_application

    server = PooledWSGIServer(("127.0.0.1", port), max(1, workers // processes))
    server.set_app(get_wsgi_application())
    # Pre-fork: every process accepts on the same socket (no DB connection is open yet).
    is_parent = True
    for _ in range(processes - 1):
        if os.fork() == 0:
            is_parent = False
            break
    if is_parent:
        print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
