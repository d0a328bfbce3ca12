"""What the learning views share: the admin base for course-scoped views, ``me()``."""

from __future__ import annotations

from rest_framework.request import Request

from apps.core.api.base import AdminApi
from apps.iam.models import User


class CourseAdminApi(AdminApi):
    """Learning's admin views live under a course: ``trn:…:learning:course/<course_id>``."""

    resource_kind = "course"
    resource_kwarg = "course_id"


def me(request: Request) -> User:
    """The signed-in user (the namespace base has already refused anonymous callers)."""
    user = request.user
    assert isinstance(user, User)
    return user
