"""Student API of Content: the catalogue of published courses and a course page."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework.request import Request

from apps.content import selectors
from apps.content.permissions import Catalogue
from apps.core.api.base import StudentApi


class CatalogueListApi(StudentApi):
    """``GET /courses`` (paginated; ``search``, ``tag``, ``sort=title|published_at``).

    Public: visitors browse the academy's published courses before signing up.
    """

    public = True
    action = Catalogue.READ

    def get(self, request: Request) -> HttpResponse:
        tag = request.query_params.get("tag") or None
        return selectors.catalogue_list_response(request._request, tag=tag)


class CataloguePageApi(StudentApi):
    """``GET /courses/<id>``: a published course's page (drafts and unknown ids: 404). Public."""

    public = True
    action = Catalogue.READ

    def get(self, request: Request, course_id: int) -> HttpResponse:
        return selectors.catalogue_page_response(course_id)
