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
    """The attempt is submitted or timed out. Commits: refusing an answer after the time
    limit auto-submits the attempt first, and that submission must be kept."""

    code = "attempt_closed"
    commits = True


class AttemptLimitReached(Conflict):
    code = "attempt_limit_reached"


class QuizNeedsPass(Conflict):
    code = "quiz_requires_pass"


class InvalidAnswer(ValidationFailed):
    code = "invalid_answer"


class InvalidCsv(ValidationFailed):
    code = "invalid_csv"
