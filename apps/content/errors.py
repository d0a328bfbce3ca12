"""Domain errors of the Content system, each with a stable code."""

from __future__ import annotations

from apps.core.errors import Conflict, NotFound, PayloadTooLarge, ValidationFailed


class CourseNotFound(NotFound):
    code = "course_not_found"


class ContentNotFound(NotFound):
    code = "content_not_found"


class InvalidPosition(ValidationFailed):
    code = "invalid_position"


class InvalidContent(ValidationFailed):
    code = "invalid_content"


class SlugTaken(Conflict):
    code = "slug_taken"


class ContentInUse(Conflict):
    code = "content_in_use"


class FileTooLarge(PayloadTooLarge):
    code = "file_too_large"


class FileTypeNotAllowed(ValidationFailed):
    code = "file_type_not_allowed"
