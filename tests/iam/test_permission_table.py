"""Every (role, route, method) of the admin, student and SDK APIs against a written table.

Each role's grants are written down here by hand (mirroring the managed policies a real
academy attaches), independently of the engine; every route and method the URL walker
finds is requested as each role, and the answer must be an IAM/authentication refusal
exactly when the table says the role may not perform the view's declared action.
Ids in URLs name no object (999999), so allowed requests end in 400/404/200, never in a
write to a real row.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Any

import pytest
from django.test import Client

from apps.core.api.base import AdminApi, BaseApi, SdkApi, StudentApi
from apps.iam.models import ManagedPolicy
from apps.iam.services import policies_seed_managed, user_put_inline_policy
from apps.iam.services.keys import access_key_create
from apps.iam.services.policies import policy_attach
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_user
from tests.urlwalk import routes

pytestmark = pytest.mark.django_db

STUDENT = ["teacherseat:student:*"]  # LearnerAccess, through the Learners group
GRANTS: dict[str, list[str] | None] = {
    "anonymous": [],
    "learner": STUDENT,
    "learner_denied": [],  # LearnerAccess + Deny teacherseat:student:*
    "instructor": [
        *STUDENT,
        "teacherseat:admin:content:*",
        "teacherseat:admin:learning:enrollments:*",
        "teacherseat:admin:learning:analytics:read",
        "teacherseat:admin:learning:certificates:list",
        "teacherseat:admin:iam:users:list",
        "teacherseat:admin:iam:users:read",
        "teacherseat:admin:systems:services:list",
    ],
    "support": [
        *STUDENT,
        "teacherseat:admin:*:*:list",
        "teacherseat:admin:*:*:read",
        "teacherseat:admin:iam:users:suspend",
        "teacherseat:admin:iam:users:reset_mfa",
        "teacherseat:admin:learning:enrollments:*",
        "teacherseat:admin:learning:certificates:*",
        "teacherseat:admin:systems:services:list",
    ],
    "owner": None,  # the account owner may do everything
    "key_owner": None,  # an access key of the account owner
    "key_nobody": [],  # an access key of a staff member without policies
}
PANEL_STAFF = {"instructor", "support", "owner"}
REFUSALS = {
    "not_authenticated",
    "invalid_access_key",
    "action_denied",
    "no_panel_access",
}


def _operations() -> list[tuple[str, str, type[BaseApi], str]]:
    found = []
    for route in routes():
        view = route.view_class
        if not (isinstance(view, type) and issubclass(view, BaseApi)):
            continue
        if route.route.endswith("auth/signout"):
            continue  # public, never refused, and it would sign the role's client out
        url = "/" + re.sub(
            r"<(?:(\w+):)?\w+>", lambda m: "999999" if m.group(1) == "int" else "x", route.route
        )
        for method in view.served_methods():
            found.append((route.urlconf, url, view, method))
    return found


OPERATIONS = _operations()


def _expected_refused(role: str, view: type[BaseApi], method: str) -> bool:
    is_sdk = issubclass(view, SdkApi)
    if view.public:
        return False
    if is_sdk != role.startswith("key_") and role != "anonymous":
        return True  # a session on the SDK, or a key on the panels' APIs: not signed in
    if role == "anonymous":
        return True
    if issubclass(view, AdminApi):
        if role not in PANEL_STAFF:
            return True  # no admin panel access
        if view.panel_self_service and method == "GET":
            return False
    if issubclass(view, StudentApi) and view.self_service:
        return False
    grants = GRANTS[role]
    if grants is None:
        return False
    action = view.action_for(method) or ""
    return not any(fnmatchcase(action, pattern) for pattern in grants)


@pytest.fixture
def clients(tenant: Any, owner: Any) -> dict[str, tuple[Client, dict[str, str]]]:
    policies_seed_managed(tenant)
    with tenant_context(tenant):
        learner = make_user(tenant, "learner@example.com")
        denied = make_user(tenant, "denied@example.com")
        user_put_inline_policy(
            actor=None,
            user=denied,
            name="no-studying",
            document={
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Deny", "Action": "teacherseat:student:*", "Resource": "*"}
                ],
            },
        )
        staff = {}
        for name, policy in (("instructor", "Instructor"), ("support", "Support")):
            staff[name] = make_user(tenant, f"{name}@example.com", admin=True)
            policy_attach(
                actor=None,
                policy=ManagedPolicy.objects.get(name=policy, system_managed=True),
                principal=staff[name],
            )
        nobody = make_user(tenant, "nobody@example.com", admin=True)
        owner_key = access_key_create(actor=None, user=owner)
        nobody_key = access_key_create(actor=None, user=nobody)

    def key_headers(new: Any) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {new.key.key_id}:{new.secret}"}

    return {
        "anonymous": (Client(), {}),
        "learner": (signed_in(learner), {}),
        "learner_denied": (signed_in(denied), {}),
        "instructor": (signed_in(staff["instructor"]), {}),
        "support": (signed_in(staff["support"]), {}),
        "owner": (signed_in(owner), {}),
        "key_owner": (Client(), key_headers(owner_key)),
        "key_nobody": (Client(), key_headers(nobody_key)),
    }


def test_every_role_gets_exactly_the_refusals_the_table_says(clients):
    assert len(OPERATIONS) > 100
    checked = 0
    mismatches = []
    for role, (client, headers) in clients.items():
        for urlconf, url, view, method in OPERATIONS:
            extra = dict(headers)
            if urlconf.endswith("urls_sdk"):
                extra["HTTP_HOST"] = "api.localhost"
            response = getattr(client, method.lower())(
                url, {} if method == "GET" else "{}", content_type="application/json", **extra
            )
            code = ""
            if response.get("Content-Type", "").startswith("application/problem+json"):
                code = response.json().get("code", "")
            refused = code in REFUSALS
            expected = _expected_refused(role, view, method)
            checked += 1
            if refused != expected:
                mismatches.append((role, method, url, response.status_code, code))
    assert checked == len(OPERATIONS) * len(clients)
    assert mismatches == [], f"{len(mismatches)} of {checked}: {mismatches[:20]}"
