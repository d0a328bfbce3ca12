"""Policy simulator: context values typed by condition-key type, the typed context in the
answer, and the validation warnings/answers around condition keys and Version."""

from __future__ import annotations

from typing import Any

import pytest

from apps.iam import authorization
from apps.iam.services import user_put_inline_policy
from apps.tenants.context import tenant_context
from tests.factories import make_user
from tests.iam.helpers import allow, post

pytestmark = pytest.mark.django_db
API = "/api/admin/iam/"
UPLOAD = "teacherseat:admin:content:materials:upload"


@pytest.fixture(autouse=True)
def _fresh_cache():
    authorization.cache_clear()


def simulate(client: Any, condition: dict[str, Any], context: dict[str, Any]) -> Any:
    body = {
        "policies": [allow(UPLOAD, Condition=condition)],
        "action": UPLOAD,
        "resource": "trn:teacherseat:default:content:material/1",
        "context": context,
    }
    return post(client, API + "simulate", body)


@pytest.mark.parametrize(
    ("condition", "context", "decision", "typed"),
    [
        # manifest key, Numeric: "1024" is the number 1024
        (
            {"NumericLessThan": {"content:FileSize": 5_000_000}},
            {"content:FileSize": "1024"},
            "Allow",
            {"content:FileSize": 1024},
        ),
        (
            {"NumericLessThan": {"content:FileSize": 5_000_000}},
            {"content:FileSize": "6000000"},
            "ImplicitDeny",
            {"content:FileSize": 6_000_000},
        ),
        # global Bool keys, also under their aws: spelling
        (
            {"Bool": {"ts:MultiFactorAuthPresent": "true"}},
            {"ts:MultiFactorAuthPresent": "TRUE"},
            "Allow",
            {"ts:MultiFactorAuthPresent": True},
        ),
        (
            {"Bool": {"aws:SecureTransport": "true"}},
            {"ts:SecureTransport": "false"},
            "ImplicitDeny",
            {"ts:SecureTransport": False},
        ),
        # Date stays the ISO text the engine parses
        (
            {"DateLessThan": {"ts:CurrentTime": "2030-01-01T00:00:00Z"}},
            {"ts:CurrentTime": "2029-12-31T23:59:59Z"},
            "Allow",
            {"ts:CurrentTime": "2029-12-31T23:59:59Z"},
        ),
        (
            {"IpAddress": {"ts:SourceIp": "203.0.113.0/24"}},
            {"ts:SourceIp": " 203.0.113.7 "},
            "Allow",
            {"ts:SourceIp": "203.0.113.7"},
        ),
        # keys nobody declares pass through untouched
        (
            {"StringEquals": {"content:FileType": "application/pdf"}},
            {"content:FileType": "application/pdf", "x:Other": {"any": ["json"]}},
            "Allow",
            {"content:FileType": "application/pdf", "x:Other": {"any": ["json"]}},
        ),
    ],
)
def test_context_values_are_typed_by_key(
    owner_client: Any,
    condition: dict[str, Any],
    context: dict[str, Any],
    decision: str,
    typed: dict[str, Any],
) -> None:
    response = simulate(owner_client, condition, context)
    assert response.status_code == 200, response.json()
    assert response.json()["decision"] == decision
    assert response.json()["context"] == typed


@pytest.mark.parametrize(
    ("context", "pointer"),
    [
        ({"content:FileSize": "12kb"}, "/context/content:FileSize"),
        ({"content:FileSize": True}, "/context/content:FileSize"),
        ({"ts:MultiFactorAuthPresent": "yes"}, "/context/ts:MultiFactorAuthPresent"),
        ({"aws:SourceIp": "10.0.0.0/8"}, "/context/aws:SourceIp"),
        ({"ts:CurrentTime": "tomorrow"}, "/context/ts:CurrentTime"),
        ({"ts:PrincipalTag/team": {"a": 1}}, "/context/ts:PrincipalTag~1team"),
        ({"content:FileSize": "١٢"}, "/context/content:FileSize"),
    ],
)
def test_a_value_that_does_not_fit_its_key_is_a_400_naming_the_key(
    owner_client: Any, context: dict[str, Any], pointer: str
) -> None:
    response = simulate(owner_client, {"Null": {"x:y": "true"}}, context)
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "validation_error"
    assert list(body["errors"]) == [pointer]
    key = next(iter(context))
    assert key in body["detail"]
    assert key in body["errors"][pointer][0]


@pytest.mark.parametrize(
    ("value", "status"),
    [("\x00", 400), ("\ud800", 400), ("9" * 5000, 400), ([[[[["deep"]]]]], 400), (2**63, 200)],
)
def test_hostile_context_values(owner_client: Any, value: Any, status: int) -> None:
    response = simulate(owner_client, {"Null": {"x:y": "true"}}, {"content:FileSize": value})
    assert response.status_code == status
    if status == 200:  # 2^63 is just a number
        assert response.json()["context"] == {"content:FileSize": value}


def test_user_simulation_answers_the_context_used_with_the_users_defaults(
    owner_client: Any, tenant: Any
) -> None:
    with tenant_context(tenant):
        bob = make_user(tenant, "bob@example.com", admin=True)
        user_put_inline_policy(
            actor=None,
            user=bob,
            name="mfa",
            document=allow(UPLOAD, Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
        )
    body = {
        "user_id": bob.pk,
        "action": UPLOAD,
        "resource": "trn:teacherseat:default:content:material/1",
        "context": {"ts:MultiFactorAuthPresent": "true", "TS:USERNAME": "someone-else"},
    }
    response = post(owner_client, API + "simulate", body)
    assert response.status_code == 200
    assert response.json()["decision"] == "Allow"
    assert response.json()["context"] == {
        "ts:MultiFactorAuthPresent": True,
        "TS:USERNAME": "someone-else",  # given: no second, differently cased default
        "ts:userid": str(bob.pk),
    }


def test_policy_warnings_name_unknown_condition_keys_and_a_missing_version(
    owner_client: Any,
) -> None:
    document = {
        "Statement": [
            {
                "Effect": "Allow",
                "Action": UPLOAD,
                "Resource": "*",
                "Condition": {
                    "NumericLessThan": {"content:FileSize": 10, "content:FileSise": 10},
                    "Bool": {"aws:SecureTransport": "true"},
                    "StringEquals": {"aws:PrincipalTag/team": "a", "ts:Tenant": "x"},
                },
            }
        ]
    }
    response = post(owner_client, API + "policies", {"name": "P", "document": document})
    assert response.status_code == 201, response.json()
    warnings = {(w["pointer"], w["code"]) for w in response.json()["warnings"]}
    assert warnings == {
        ("/Version", "version_missing"),
        ("/Statement/0/Condition/NumericLessThan/content:FileSise", "unknown_condition_key"),
        ("/Statement/0/Condition/StringEquals/ts:Tenant", "unknown_condition_key"),
    }
