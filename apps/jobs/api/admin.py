"""Admin API of Jobs: the academy's jobs and its dead letters (failed background work)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse, JsonResponse
from rest_framework import serializers
from rest_framework.request import Request

from apps.core.api.base import AdminApi
from apps.core.api.parsing import parse
from apps.jobs import selectors, services
from apps.jobs.errors import InvalidJobFilter
from apps.jobs.models import Job
from apps.jobs.permissions import DeadLetters, Jobs

MAX_KIND_LENGTH = 64
MAX_MESSAGE_IDS = 100


def _filter(request: Request, name: str) -> str | None:
    value = request.query_params.get(name) or None
    if value is not None and len(value) > MAX_KIND_LENGTH:
        raise InvalidJobFilter(f"{name} is too long.", errors={name: ["too long"]})
    return value


class JobListApi(AdminApi):
    """``GET /jobs?status=&kind=``: ``{"items": [job]}``, newest first, at most 100."""

    action = Jobs.LIST

    def get(self, request: Request) -> HttpResponse:
        status = _filter(request, "status")
        if status is not None and status not in Job.Status.values:
            raise InvalidJobFilter("Unknown status filter.", errors={"status": ["unknown"]})
        return selectors.job_list_response(status=status, kind=_filter(request, "kind"))


class JobApi(AdminApi):
    """``GET /jobs/<job_id>``: one job (404 ``job_not_found`` outside this academy)."""

    action = Jobs.READ
    resource_kind = "job"
    resource_kwarg = "job_id"

    def get(self, request: Request, job_id: int) -> HttpResponse:
        return selectors.job_response(job_id)


class DeadLetterListApi(AdminApi):
    """``GET /dead-letters``: this academy's failed messages (ids only, never payloads)."""

    action = DeadLetters.LIST

    def get(self, request: Request) -> HttpResponse:
        items = [letter.as_json() for letter in selectors.dead_letter_list()]
        return JsonResponse({"items": items})


class RedriveIn(serializers.Serializer[Any]):
    message_ids = serializers.ListField(
        child=serializers.CharField(max_length=128),
        required=False,
        max_length=MAX_MESSAGE_IDS,
    )


class DeadLetterRedriveApi(AdminApi):
    """``POST /dead-letters/redrive`` ``{"message_ids"?: [..]}``: all of this academy's
    dead letters, or the named ones, back to their queue. ``{"redriven": n}``."""

    action = DeadLetters.REDRIVE

    def post(self, request: Request) -> HttpResponse:
        data = parse(RedriveIn, request.data)
        redriven = services.dead_letter_redrive(message_ids=data.get("message_ids"))
        return JsonResponse({"redriven": redriven})
