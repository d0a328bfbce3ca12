"""Admin view base for content and learning: resources carry course ids.

Resources are ``trn:teacherseat:<tenant>:<system>:course/<course_id>`` for everything
under a course, so one policy statement can limit an instructor to some courses. Views
that serve several operations on one URL map each HTTP method to its action with the
base class's ``method_actions``.
"""

from __future__ import annotations

from apps.core.api.base import AdminApi


class CourseAdminApi(AdminApi):
    """Admin views under a course: the resource names the course id from the URL."""

    resource_kind = "course"
    resource_kwarg = "course_id"
