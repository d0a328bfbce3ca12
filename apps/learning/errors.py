"""Domain errors of the Learning system, each with a stable code."""

from __future__ import annotations

from apps.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


class CourseNotAvailable(NotFound):
    code = "course_not_found"


class LearningNotFound(NotFound):
    code = "not_found"


class NotEnrolled(PermissionDenied):
    code = "not_enrolled"


class EnrollmentRevoked(PermissionDenied):
    code = "enrollment_revoked"


class AttemptClosed(Conflict):
    code = "attempt_closed"


class AttemptLimitReached(Conflict):
    code = "attempt_limit_reached"


class QuizNeedsPass(Conflict):
    code = "quiz_requires_pass"


class InvalidAnswer(ValidationFailed):
    code = "invalid_answer"


class InvalidCsv(ValidationFailed):
    code = "invalid_csv"
