"""Reads of the Learning system, for its views and services.

``access_*`` (and ``current_enrollment``) turn ids into objects the caller may touch and
answer 404 (403 ``not_enrolled``) otherwise; student-facing ones only ever see the acting
user's rows. The ``*_response`` reads name their template and bind its parameters; Postgres
builds the document the view streams unchanged.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from apps.content.models import Course, Material, QuestionSet
from apps.core.api.reads import array_response, object_response, paginated_response
from apps.iam.models import User
from apps.iam.services.accounts import canonical_email
from apps.learning.errors import CourseNotAvailable, LearningNotFound, NotEnrolled
from apps.learning.models import Attempt, Certificate, Enrollment

_Row = TypeVar("_Row", bound=Model)

# --- access ------------------------------------------------------------------------------


def _locked(model: type[_Row], message: str, code: str, **lookups: Any) -> _Row:
    """The row matching ``lookups``, locked for the write that follows; else 404 ``code``."""
    row = model._default_manager.select_for_update().filter(**lookups).first()
    if row is None:
        raise LearningNotFound(message, code=code)
    return row


def access_published_course(course_id: int) -> Course:
    """A published course of this tenant, else 404 (drafts are invisible to students)."""
    course: Course | None = Course.objects.filter(
        pk=course_id, status=Course.Status.PUBLISHED
    ).first()
    if course is None:
        raise CourseNotAvailable("No such course.")
    return course


def current_enrollment(*, user: User, course_id: int, lock: bool = False) -> Enrollment:
    """The user's active, unexpired enrollment in a course, else 403 ``not_enrolled``."""
    queryset = Enrollment.objects.select_for_update() if lock else Enrollment.objects
    enrollment: Enrollment | None = queryset.filter(user=user, course_id=course_id).first()
    if enrollment is None or not enrollment.is_current():
        raise NotEnrolled("You are not enrolled in this course.")
    return enrollment


def _in_published_course(model: type[_Row], object_id: int, message: str, code: str) -> _Row:
    """A row of a published course (students see nothing of drafts), else 404 ``code``."""
    row = (
        model._default_manager.select_related("course")
        .filter(pk=object_id, course__status=Course.Status.PUBLISHED)
        .first()
    )
    if row is None:
        raise LearningNotFound(message, code=code)
    return row


def access_student_material(*, user: User, material_id: int) -> Material:
    """A material of a published course (the caller checks the enrollment)."""
    message, code = "No such material.", "material_not_found"
    return _in_published_course(Material, material_id, message, code)


def access_student_question_set(*, user: User, question_set_id: int) -> QuestionSet:
    """A question set of a published course (the caller checks the enrollment)."""
    message, code = "No such question set.", "question_set_not_found"
    return _in_published_course(QuestionSet, question_set_id, message, code)


def access_attempt(*, user: User, attempt_id: int) -> Attempt:
    """The caller's own attempt, locked; another student's attempt is simply not found."""
    return _locked(Attempt, "No such attempt.", "attempt_not_found", pk=attempt_id, user=user)


def access_enrollment(*, course_id: int, enrollment_id: int) -> Enrollment:
    """An enrollment in the course, locked (admin)."""
    message, code = "No such enrollment in this course.", "enrollment_not_found"
    return _locked(Enrollment, message, code, pk=enrollment_id, course_id=course_id)


def access_certificate(*, course_id: int, certificate_id: int) -> Certificate:
    """A certificate of the course, locked (admin)."""
    message, code = "No such certificate in this course.", "certificate_not_found"
    return _locked(Certificate, message, code, pk=certificate_id, course_id=course_id)


def user_by_id_or_email(*, user_id: int | None, email: str | None) -> User:
    """The academy's user with this id, else with this e-mail address; 404 if none (admin)."""
    user: User | None = None
    if user_id is not None:
        user = User.objects.filter(pk=user_id).first()
    elif email:
        user = User.objects.filter(email=canonical_email(email)).first()
    if user is None:
        raise LearningNotFound("No such user.", code="user_not_found")
    return user


# --- student documents ---------------------------------------------------------------------


def my_courses_response(request: HttpRequest, *, user_id: int) -> HttpResponse:
    """The caller's courses with progress (paginated; ``search``, ``sort``)."""
    return paginated_response(request, "learning.student.my_courses", {"user_id": user_id})


def outline_response(*, course_id: int, user_id: int) -> HttpResponse:
    """Chapters, materials and the caller's progress in one statement."""
    return object_response(
        "learning.student.outline", {"course_id": course_id, "user_id": user_id}, what="course"
    )


def material_response(*, material_id: int, user_id: int) -> HttpResponse:
    """A material's content; 404 unless the caller is enrolled in its published course."""
    return object_response(
        "learning.student.material",
        {"material_id": material_id, "user_id": user_id},
        what="material (or you are not enrolled in its course)",
    )


def my_attempts_response(*, set_id: int, user_id: int) -> HttpResponse:
    return array_response("learning.student.my_attempts", {"set_id": set_id, "user_id": user_id})


def attempt_response(*, attempt_id: int, user_id: int, status: int = 200) -> HttpResponse:
    """The caller's attempt; answers and scores only once it is submitted."""
    return object_response(
        "learning.student.attempt",
        {"attempt_id": attempt_id, "user_id": user_id},
        what="attempt",
        status=status,
    )


def my_certificates_response(*, user_id: int) -> HttpResponse:
    return array_response("learning.student.my_certificates", {"user_id": user_id})


def certificate_verification_response(code: str) -> HttpResponse:
    """Public: holder, course, date and validity of the certificate with this code."""
    return object_response(
        "learning.student.verify_certificate", {"code": code}, what="certificate"
    )


# --- admin documents -----------------------------------------------------------------------


def _course_document(name: str, what: str, status: int, course_id: int, **ids: int) -> HttpResponse:
    """A course's figures, or one object of it, as the template ``name`` builds it."""
    return object_response(name, {"course_id": course_id, **ids}, what=what, status=status)


def enrollment_list_response(
    request: HttpRequest, *, course_id: int, status: str | None
) -> HttpResponse:
    """A course's enrollments with progress (paginated; ``status`` already checked)."""
    return paginated_response(
        request, "learning.admin.enrollments", {"course_id": course_id, "status": status}
    )


def enrollment_response(course_id: int, enrollment_id: int, *, status: int = 200) -> HttpResponse:
    """One enrollment with the learner's e-mail address and name."""
    name, ids = "learning.admin.enrollment", {"enrollment_id": enrollment_id}
    return _course_document(name, "enrollment", status, course_id, **ids)


def enrollment_job_response(course_id: int, job_id: int, *, status: int = 200) -> HttpResponse:
    """A bulk-enroll job with its progress and per-row error report."""
    name = "learning.admin.enrollment_job"
    return _course_document(name, "job", status, course_id, job_id=job_id)


def enrollment_job_path(course_id: int, job_id: int) -> str:
    """Where the admin panel polls a bulk-enroll job."""
    return f"/api/admin/learning/courses/{course_id}/enrollment-jobs/{job_id}"


def certificate_list_response(request: HttpRequest, *, course_id: int) -> HttpResponse:
    """A course's certificates (paginated; ``search`` by holder or code)."""
    return paginated_response(request, "learning.admin.certificates", {"course_id": course_id})


def certificate_response(course_id: int, certificate_id: int) -> HttpResponse:
    name, ids = "learning.admin.certificate", {"certificate_id": certificate_id}
    return _course_document(name, "certificate", 200, course_id, **ids)


def analytics_response(course_id: int) -> HttpResponse:
    """Enrolled, active, completion rate and scores (overall and per topic) of one course."""
    return _course_document("learning.admin.analytics", "course", 200, course_id)


def dashboard_response() -> HttpResponse:
    """The academy's key figures."""
    return object_response("learning.admin.dashboard", {}, what="dashboard")
