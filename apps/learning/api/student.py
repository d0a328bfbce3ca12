"""Student API of Learning. Every view acts for ``request.user`` on their own records only."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import FileResponse, HttpResponse, JsonResponse
from rest_framework import serializers
from rest_framework.request import Request

from apps.content.selectors import material_file_open
from apps.core.api.base import StudentApi
from apps.core.api.parsing import parse
from apps.learning import selectors, services
from apps.learning.api.common import me
from apps.learning.errors import LearningNotFound
from apps.learning.models import Enrollment
from apps.learning.permissions import Student


def _enrollment_json(enrollment: Enrollment) -> dict[str, Any]:
    return {
        "id": enrollment.pk,
        "course_id": enrollment.course_id,
        "status": enrollment.status,
        "source": enrollment.source,
        "enrolled_at": enrollment.enrolled_at.isoformat(),
        "expires_at": enrollment.expires_at.isoformat() if enrollment.expires_at else None,
    }


class SelfEnrollApi(StudentApi):
    """``POST /courses/<id>/enroll``: free self-enrollment; 201 new, 200 already enrolled."""

    action = Student.ENROLL

    def post(self, request: Request, course_id: int) -> HttpResponse:
        enrollment, changed = services.enrollment_self_enroll(user=me(request), course_id=course_id)
        return JsonResponse(_enrollment_json(enrollment), status=201 if changed else 200)


class MyCoursesApi(StudentApi):
    """``GET /my/courses`` (paginated): my enrollments with progress."""

    action = Student.COURSES

    def get(self, request: Request) -> HttpResponse:
        return selectors.my_courses_response(request._request, user_id=me(request).pk)


class OutlineApi(StudentApi):
    """``GET /courses/<id>/outline``: chapters, materials and my progress in one statement."""

    action = Student.COURSES

    def get(self, request: Request, course_id: int) -> HttpResponse:
        return selectors.outline_response(course_id=course_id, user_id=me(request).pk)


class MaterialApi(StudentApi):
    """``GET /materials/<id>``: content, only for students enrolled in its course."""

    action = Student.COURSES

    def get(self, request: Request, material_id: int) -> HttpResponse:
        return selectors.material_response(material_id=material_id, user_id=me(request).pk)


class MaterialFileApi(StudentApi):
    """``GET /materials/<id>/file``: download a file material (enrolled students only).

    The stored key is opened only if it lies under the caller's academy prefix; any other
    key, or a file gone from storage, answers 404 ``file_not_found``.
    """

    action = Student.COURSES

    def get(self, request: Request, material_id: int) -> FileResponse:
        material = selectors.access_student_material(user=me(request), material_id=material_id)
        selectors.current_enrollment(user=me(request), course_id=material.course_id)
        if not material.file_path:
            raise LearningNotFound("This material has no file.", code="file_not_found")
        return FileResponse(
            material_file_open(material.file_path),
            as_attachment=True,
            filename=material.file_name,
            content_type=material.file_content_type or None,
        )


class CompleteMaterialApi(StudentApi):
    """``POST /materials/<id>/complete`` (idempotent)."""

    action = Student.PROGRESS

    def post(self, request: Request, material_id: int) -> HttpResponse:
        progress = services.progress_complete_material(user=me(request), material_id=material_id)
        return JsonResponse(
            {
                "material_id": material_id,
                "completed": True,
                "completed_at": progress.completed_at.isoformat()
                if progress.completed_at
                else None,
            }
        )


class PositionIn(serializers.Serializer[Any]):
    position_seconds = serializers.IntegerField(min_value=0, max_value=86_400)


class VideoPositionApi(StudentApi):
    """``PUT /materials/<id>/position`` ``{"position_seconds"}``: video resume position."""

    action = Student.PROGRESS

    def put(self, request: Request, material_id: int) -> HttpResponse:
        data = parse(PositionIn, request.data)
        progress = services.progress_set_position(
            user=me(request),
            material_id=material_id,
            position_seconds=data["position_seconds"],
        )
        return JsonResponse(
            {"material_id": material_id, "position_seconds": progress.position_seconds}
        )


class SetAttemptsApi(StudentApi):
    """``GET /question-sets/<id>/attempts`` (mine) and ``POST`` to start one."""

    action = Student.ATTEMPTS
    method_actions: ClassVar[dict[str, str]] = {"GET": Student.ATTEMPTS, "POST": Student.ATTEMPTS}

    def get(self, request: Request, set_id: int) -> HttpResponse:
        return selectors.my_attempts_response(set_id=set_id, user_id=me(request).pk)

    def post(self, request: Request, set_id: int) -> HttpResponse:
        attempt, created = services.attempt_start(user=me(request), question_set_id=set_id)
        return selectors.attempt_response(
            attempt_id=attempt.pk, user_id=me(request).pk, status=201 if created else 200
        )


class AttemptApi(StudentApi):
    """``GET /attempts/<id>``: my attempt (a timed-out attempt is submitted first)."""

    action = Student.ATTEMPTS

    def get(self, request: Request, attempt_id: int) -> HttpResponse:
        attempt = selectors.access_attempt(user=me(request), attempt_id=attempt_id)
        services.attempt_close_if_due(attempt=attempt)
        return selectors.attempt_response(attempt_id=attempt_id, user_id=me(request).pk)


class AnswerIn(serializers.Serializer[Any]):
    choice_ids = serializers.ListField(
        child=serializers.CharField(max_length=20), max_length=50, allow_empty=True
    )


class FlagIn(serializers.Serializer[Any]):
    flagged = serializers.BooleanField()


class AnswerApi(StudentApi):
    """``PUT /attempts/<id>/items/<position>/answer`` ``{"choice_ids": [...]}``."""

    action = Student.ATTEMPTS

    def put(self, request: Request, attempt_id: int, position: int) -> HttpResponse:
        data = parse(AnswerIn, request.data)
        attempt = selectors.access_attempt(user=me(request), attempt_id=attempt_id)
        item = services.attempt_answer(
            attempt=attempt, position=position, choice_ids=data["choice_ids"]
        )
        return JsonResponse(
            {
                "position": item.position,
                "selected_choice_ids": item.selected_choice_ids or [],
                "flagged": item.flagged,
            }
        )


class FlagApi(StudentApi):
    """``PUT /attempts/<id>/items/<position>/flag`` ``{"flagged": bool}``."""

    action = Student.ATTEMPTS

    def put(self, request: Request, attempt_id: int, position: int) -> HttpResponse:
        data = parse(FlagIn, request.data)
        attempt = selectors.access_attempt(user=me(request), attempt_id=attempt_id)
        item = services.attempt_flag(attempt=attempt, position=position, flagged=data["flagged"])
        return JsonResponse({"position": item.position, "flagged": item.flagged})


class SubmitApi(StudentApi):
    """``POST /attempts/<id>/submit``: grade; the response carries the results."""

    action = Student.ATTEMPTS

    def post(self, request: Request, attempt_id: int) -> HttpResponse:
        attempt = selectors.access_attempt(user=me(request), attempt_id=attempt_id)
        services.attempt_submit(user=me(request), attempt=attempt)
        return selectors.attempt_response(attempt_id=attempt_id, user_id=me(request).pk)


class MyCertificatesApi(StudentApi):
    """``GET /certificates``: my certificates."""

    action = Student.CERTIFICATES

    def get(self, request: Request) -> HttpResponse:
        return selectors.my_certificates_response(user_id=me(request).pk)


class VerifyCertificateApi(StudentApi):
    """``GET /certificates/verify/<code>``: public check of holder, course, date, validity."""

    public = True

    def get(self, request: Request, code: str) -> HttpResponse:
        return selectors.certificate_verification_response(code)
