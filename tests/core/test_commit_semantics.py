"""A request that answers 4xx/5xx commits nothing, unless its error type declares it must.

The decision is taken once, in the tenant middleware, from the response; views raise.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from apps.content.models import Chapter
from apps.iam.models import OneTimeToken, RateLimitCounter
from apps.tenants.context import tenant_context
from tests.factories import make_course, make_user
from tests.iam.helpers import patch, post

pytestmark = pytest.mark.django_db


def test_a_refused_patch_keeps_none_of_its_writes(owner_client: Client, tenant: Any) -> None:
    with tenant_context(tenant):
        course = make_course(chapters=2)
        chapter = Chapter.objects.filter(course=course).order_by("position").first()
        assert chapter is not None
    url = f"/api/admin/content/courses/{course.pk}/chapters/{chapter.pk}"

    response = patch(owner_client, url, {"title": "Renamed", "position": 99})

    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    with tenant_context(tenant):
        chapter.refresh_from_db()
    assert chapter.title != "Renamed"


def test_a_reset_refused_for_a_weak_password_leaves_the_token_usable(
    tenant: Any, jobs: Any
) -> None:
    with tenant_context(tenant):
        make_user(tenant, "reset@example.com")
    post(Client(), "/api/student/iam/auth/password-reset", {"email": "reset@example.com"})
    jobs.run()  # the worker's part: look the account up, issue the token, mail it
    found = re.search(r"token[^:]*: (\S+)", mail.outbox[-1].body)
    assert found
    token = found.group(1)
    confirm = "/api/student/iam/auth/password-reset/confirm"

    weak = post(Client(), confirm, {"token": token, "password": "short"})
    assert weak.status_code == 400 and weak.json()["code"] == "weak_password"
    with tenant_context(tenant):
        assert OneTimeToken.objects.filter(used_at__isnull=True).count() == 1

    strong = post(Client(), confirm, {"token": token, "password": "a much better passphrase"})
    assert strong.status_code == 204


def test_a_failed_sign_in_still_commits_its_rate_limit_count(tenant: Any) -> None:
    with tenant_context(tenant):
        make_user(tenant, "count@example.com")

    response = post(
        Client(), "/api/student/iam/auth/signin", {"email": "count@example.com", "password": "x"}
    )

    assert response.status_code == 401 and response.json()["code"] == "invalid_credentials"
    counts = sorted(RateLimitCounter.objects.values_list("count", flat=True))
    assert counts == [1, 1]  # the account's key and the client IP's key
