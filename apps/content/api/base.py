"""Admin view base for content: one action per HTTP method, resources carry course ids.

A URL serves several operations (``GET``/``POST`` on ``courses``), so a view maps each
method to its IAM action; ``action`` holds the read action so the URL-walk test sees one.
Resources are ``trn:teacherseat:<tenant>:<system>:course/<course_id>`` for everything
under a course, so one policy statement can limit an instructor to some courses.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rest_framework import serializers
from rest_framework.request import Request

from apps.core.api import authorization
from apps.core.api.base import AdminApi
from apps.core.errors import NotAuthenticated, PermissionDenied, ValidationFailed


class CourseAdminApi(AdminApi):
    actions: ClassVar[dict[str, str]] = {}

    def method_action(self) -> str | None:
        return self.actions.get(self.request.method or "", self.action)

    def resource(self) -> str:
        tenant = getattr(self.request, "tenant", None)
        slug = tenant.slug if tenant is not None else "*"
        course_id = self.kwargs.get("course_id")
        target = f"course/{course_id}" if course_id is not None else "course/*"
        return f"trn:teacherseat:{slug}:{self.system_label()}:{target}"

    def check_access(self, request: Request) -> None:
        user = request.user
        if user is None or not user.is_authenticated:
            raise NotAuthenticated()
        if not getattr(user, "admin_panel_access", False):
            raise PermissionDenied(
                "Your account has no admin panel access.", code="no_panel_access"
            )
        action = self.method_action()
        if action is None:
            raise PermissionDenied("This endpoint declares no action.", code="undeclared_action")
        resource = self.resource()
        if not authorization.is_allowed(request, action, resource):
            raise PermissionDenied(
                f"You are not allowed to perform {action}.",
                code="action_denied",
                extra={"action": action, "resource": resource},
            )


def parse(
    serializer_class: type[serializers.Serializer[Any]], data: Any, *, partial: bool = False
) -> dict[str, Any]:
    """Validate a request body; a non-object body is a 400 too."""
    if not isinstance(data, dict):
        raise ValidationFailed(
            "The body must be a JSON object.",
            code="validation_error",
            errors={"non_field_errors": ["expected a JSON object"]},
        )
    serializer = serializer_class(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
