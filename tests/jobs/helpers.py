"""Helpers shared by the jobs API tests."""

from __future__ import annotations

import json
from typing import Any

from apps.iam.services.policies import policy_attach
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_policy, make_user

A = "/api/admin/jobs"
JSON = "application/json"


def post(client: Any, url: str, body: Any = None) -> Any:
    return client.post(url, json.dumps({} if body is None else body), content_type=JSON)


def allow(*actions: str, resource: str = "*") -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": resource}],
    }


def staff_with(tenant: Any, email: str, document: dict[str, Any] | None = None) -> Any:
    """A signed-in staff member with panel access and only ``document`` (if any)."""
    with tenant_context(tenant):
        user = make_user(tenant, email, admin=True)
        if document is not None:
            policy_attach(actor=None, policy=make_policy(f"p-{email}", document), principal=user)
    return signed_in(user)
