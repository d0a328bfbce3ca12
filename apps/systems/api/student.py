"""Student API of Systems Management."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.request import Request

from apps.core.api.base import StudentApi
from apps.systems import selectors


class StudentInterfacesApi(StudentApi):
    """``GET /api/student/systems/interfaces``: the student screen bundles of registered systems.

    Public: the student panel needs it before anyone signs in (the catalogue, the sign-in
    screen); it names only script URLs and route patterns, which the bundles themselves expose.
    """

    public = True

    def get(self, request: Request) -> HttpResponse:
        return selectors.interfaces_response("student")
