"""Admin API of Learning: enrollments (and bulk jobs), certificates, course analytics."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request

from apps.content.selectors import access_course
from apps.core.api.base import AdminApi
from apps.core.api.json_parser import JSONParser
from apps.core.api.parsing import parse
from apps.core.errors import PayloadTooLarge, ValidationFailed
from apps.learning import selectors, services
from apps.learning.api.common import CourseAdminApi, me
from apps.learning.errors import InvalidCsv
from apps.learning.models import Enrollment
from apps.learning.permissions import Analytics, Certificates, Enrollments

MAX_CSV_BYTES = 512 * 1024


class GrantIn(serializers.Serializer[Any]):
    user_id = serializers.IntegerField(required=False)
    email = serializers.EmailField(required=False)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("user_id" in attrs) == ("email" in attrs):
            raise serializers.ValidationError("Give exactly one of user_id or email.")
        return attrs


class EnrollmentCollectionApi(CourseAdminApi):
    """``GET /courses/<id>/enrollments`` (paginated; ``status``, ``search``) and ``POST`` grant."""

    action = Enrollments.LIST
    method_actions = {"GET": Enrollments.LIST, "POST": Enrollments.GRANT}

    def get(self, request: Request, course_id: int) -> HttpResponse:
        access_course(course_id)
        status = request.query_params.get("status") or None
        if status is not None and status not in Enrollment.Status.values:
            raise ValidationFailed("Unknown status filter.", errors={"status": ["unknown"]})
        return selectors.enrollment_list_response(
            request._request, course_id=course_id, status=status
        )

    def post(self, request: Request, course_id: int) -> HttpResponse:
        data = parse(GrantIn, request.data)
        course = access_course(course_id)
        user = selectors.user_by_id_or_email(user_id=data.get("user_id"), email=data.get("email"))
        enrollment, changed = services.enrollment_enroll(
            user=user,
            course=course,
            source=Enrollment.Source.ADMIN,
            expires_at=data.get("expires_at"),
        )
        return selectors.enrollment_response(
            course_id, enrollment.pk, status=201 if changed else 200
        )


class EnrollmentRevokeApi(CourseAdminApi):
    """``POST /courses/<id>/enrollments/<enrollment_id>/revoke``."""

    action = Enrollments.REVOKE

    def post(self, request: Request, course_id: int, enrollment_id: int) -> HttpResponse:
        services.enrollment_revoke(
            enrollment=selectors.access_enrollment(course_id=course_id, enrollment_id=enrollment_id)
        )
        return selectors.enrollment_response(course_id, enrollment_id)


class EnrollmentJobCreateApi(CourseAdminApi):
    """``POST /courses/<id>/enrollment-jobs``: CSV (multipart ``file`` or JSON ``{"csv"}``).

    Answers 202 with the pending job; a worker processes the rows (poll the job).
    """

    action = Enrollments.IMPORT
    parser_classes = [JSONParser, MultiPartParser]

    def post(self, request: Request, course_id: int) -> HttpResponse:
        course = access_course(course_id)
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        if upload is not None:
            if (upload.size or 0) > MAX_CSV_BYTES:
                raise PayloadTooLarge(
                    f"The CSV may be at most {MAX_CSV_BYTES} bytes.", code="file_too_large"
                )
            raw = upload.read()
        else:
            text = request.data.get("csv") if isinstance(request.data, dict) else None
            if not isinstance(text, str):
                raise InvalidCsv(
                    "Send the CSV as multipart field 'file' or JSON {\"csv\": ...}.",
                    errors={"csv": ["required"]},
                )
            raw = text.encode("utf-8", "surrogatepass")  # a lone surrogate fails below
        try:
            csv_text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InvalidCsv("The CSV must be UTF-8 text.", errors={"csv": ["not UTF-8"]}) from exc
        job = services.enrollment_job_create(course=course, csv_text=csv_text, actor=me(request))
        response = selectors.enrollment_job_response(course_id, job.pk, status=202)
        response["Location"] = selectors.enrollment_job_path(course_id, job.pk)
        return response


class EnrollmentJobApi(CourseAdminApi):
    """``GET /courses/<id>/enrollment-jobs/<job_id>``: status, progress, per-row errors."""

    action = Enrollments.IMPORT

    def get(self, request: Request, course_id: int, job_id: int) -> HttpResponse:
        return selectors.enrollment_job_response(course_id, job_id)


class CertificateListApi(CourseAdminApi):
    """``GET /courses/<id>/certificates`` (paginated; ``search``)."""

    action = Certificates.LIST

    def get(self, request: Request, course_id: int) -> HttpResponse:
        access_course(course_id)
        return selectors.certificate_list_response(request._request, course_id=course_id)


class RevokeIn(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class CertificateRevokeApi(CourseAdminApi):
    """``POST /courses/<id>/certificates/<certificate_id>/revoke`` ``{"reason"?}``."""

    action = Certificates.REVOKE

    def post(self, request: Request, course_id: int, certificate_id: int) -> HttpResponse:
        data = parse(RevokeIn, request.data or {})
        certificate = selectors.access_certificate(
            course_id=course_id, certificate_id=certificate_id
        )
        services.certificate_revoke(certificate=certificate, reason=data["reason"])
        return selectors.certificate_response(course_id, certificate_id)


class AnalyticsApi(CourseAdminApi):
    """``GET /courses/<id>/analytics``."""

    action = Analytics.READ

    def get(self, request: Request, course_id: int) -> HttpResponse:
        return selectors.analytics_response(course_id)


class DashboardApi(AdminApi):
    """``GET /dashboard``: the academy's key figures (students, active this week, …)."""

    action = Analytics.READ

    def get(self, request: Request) -> HttpResponse:
        return selectors.dashboard_response()
