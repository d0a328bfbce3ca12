"""Decision logic, matching, variables, boundaries/sessions, explain and AWS examples."""

from __future__ import annotations

from typing import Any

import pytest

from apps.iam.engine import (
    CompiledPolicy,
    Decision,
    Explanation,
    MatchedStatement,
    Policy,
    PolicySet,
    compile_policy,
    evaluate,
    explain,
)

ALLOW = Decision.ALLOW
EXPLICIT = Decision.EXPLICIT_DENY
IMPLICIT = Decision.IMPLICIT_DENY


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any = "*", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any = "*", resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


# ---------------------------------------------------------------------------- matching


MATCH_CASES = [
    # (action pattern, resource pattern, action, resource, expected)
    ("s3:GetObject", "*", "s3:GetObject", "x", ALLOW),
    ("s3:GetObject", "*", "S3:GETOBJECT", "x", ALLOW),  # actions case-insensitive
    ("S3:get*", "*", "s3:GetObject", "x", ALLOW),
    ("s3:Get?bject", "*", "s3:GetObject", "x", ALLOW),
    ("s3:Get?bject", "*", "s3:GetObbject", "x", IMPLICIT),
    ("s3:*", "*", "ec2:RunInstances", "x", IMPLICIT),
    ("*", "*", "anything:at-all", "x", ALLOW),
    ("teacherseat:admin:iam:*", "*", "teacherseat:admin:iam:policies:create", "x", ALLOW),
    ("teacherseat:admin:*:create", "*", "teacherseat:admin:iam:policies:create", "x", ALLOW),
    (
        "teacherseat:admin:iam:policies:create",
        "*",
        "teacherseat:admin:iam:policies:list",
        "x",
        IMPLICIT,
    ),
    ("s3:*", "arn:aws:s3:::bucket/*", "s3:GetObject", "arn:aws:s3:::bucket/a/b", ALLOW),
    ("s3:*", "arn:aws:s3:::bucket/*", "s3:GetObject", "arn:aws:s3:::BUCKET/a", IMPLICIT),  # case
    ("s3:*", "arn:aws:s3:::bucket/?", "s3:GetObject", "arn:aws:s3:::bucket/a", ALLOW),
    ("s3:*", "arn:aws:s3:::bucket/?", "s3:GetObject", "arn:aws:s3:::bucket/ab", IMPLICIT),
    ("x:y", "trn:teacherseat:acme:*", "x:y", "trn:teacherseat:acme:content:course/12", ALLOW),
    (
        "x:y",
        "trn:teacherseat:acme:content:course/1",
        "x:y",
        "trn:teacherseat:acme:content:course/12",
        IMPLICIT,
    ),
    ("x:y", "trn:*:*:content:course/*", "x:y", "trn:teacherseat:acme:content:course/12", ALLOW),
    ("x:y", "a${*}b", "x:y", "a*b", ALLOW),  # escaped star is literal
    ("x:y", "a${*}b", "x:y", "aXb", IMPLICIT),
    ("x:y", "a${?}", "x:y", "a?", ALLOW),
    ("x:y", "a.b", "x:y", "aXb", IMPLICIT),  # regex metachars are literal
]


@pytest.mark.parametrize(
    ("action_pat", "resource_pat", "action", "resource", "expected"), MATCH_CASES
)
def test_action_and_resource_matching(
    action_pat: str, resource_pat: str, action: str, resource: str, expected: Decision
) -> None:
    assert evaluate(doc(allow(action_pat, resource_pat)), action, resource, {}) is expected


@pytest.mark.parametrize(
    ("action", "expected"),
    [
        ("s3:GetObject", IMPLICIT),
        ("s3:putobject", IMPLICIT),
        ("ec2:Run", ALLOW),
        ("S3:GETOBJECT", IMPLICIT),
    ],
)
def test_not_action(action: str, expected: Decision) -> None:
    policy = doc({"Effect": "Allow", "NotAction": ["s3:Get*", "s3:PutObject"], "Resource": "*"})
    assert evaluate(policy, action, "r", {}) is expected


@pytest.mark.parametrize(
    ("resource", "expected"),
    [("secret/1", IMPLICIT), ("public/1", ALLOW), ("Secret/1", ALLOW)],
)
def test_not_resource(resource: str, expected: Decision) -> None:
    policy = doc({"Effect": "Allow", "Action": "*", "NotResource": "secret/*"})
    assert evaluate(policy, "svc:read", resource, {}) is expected


def test_not_action_deny_blocks_everything_else() -> None:
    policy = doc(allow(), {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"})
    assert evaluate(policy, "iam:ListUsers", "r", {}) is ALLOW
    assert evaluate(policy, "s3:GetObject", "r", {}) is EXPLICIT


# ---------------------------------------------------------------------------- decisions


def test_empty_policies_implicitly_deny() -> None:
    assert evaluate([], "s3:GetObject", "r", {}) is IMPLICIT


def test_deny_beats_allow_across_policies() -> None:
    assert evaluate([doc(allow()), doc(deny("s3:*"))], "s3:GetObject", "r", {}) is EXPLICIT
    assert evaluate([doc(deny("s3:*")), doc(allow())], "s3:GetObject", "r", {}) is EXPLICIT
    assert evaluate([doc(deny("s3:*")), doc(allow())], "ec2:Run", "r", {}) is ALLOW


def test_statement_object_form() -> None:
    policy = {"Version": "2008-10-17", "Statement": allow("s3:*")}
    assert evaluate(policy, "s3:x", "r") is ALLOW


def test_accepts_policy_objects_and_compiled() -> None:
    compiled = compile_policy(doc(allow("a:*")), "p1")
    named = Policy("p2", doc(allow("b:*")))
    assert isinstance(compiled, CompiledPolicy)
    assert evaluate([compiled, named], "a:x", "r") is ALLOW
    assert evaluate(named, "b:x", "r") is ALLOW
    assert named.compiled is named.compiled  # cached
    assert evaluate(compiled, "c:x", "r") is IMPLICIT


def test_policy_set_reusable_and_cache_consistent() -> None:
    ps = PolicySet([compile_policy(doc(allow("a:*", "r/*")), "p")])
    for _ in range(3):
        assert ps.evaluate("a:get", "r/1", {}) is ALLOW
        assert ps.evaluate("A:GET", "q/1", {}) is IMPLICIT
        assert ps.evaluate("b:get", "r/1", None) is IMPLICIT


def test_invalid_policy_type_rejected() -> None:
    with pytest.raises(TypeError):
        evaluate([42], "a:b", "r")  # type: ignore[list-item]


# ---------------------------------------------------------------------------- variables


HOME = doc(allow("s3:*", "arn:aws:s3:::bucket/home/${aws:username}/*"))


@pytest.mark.parametrize(
    ("resource", "context", "expected"),
    [
        ("arn:aws:s3:::bucket/home/bob/a", {"aws:username": "bob"}, ALLOW),
        ("arn:aws:s3:::bucket/home/bob/a", {"AWS:USERNAME": "bob"}, ALLOW),
        ("arn:aws:s3:::bucket/home/alice/a", {"aws:username": "bob"}, IMPLICIT),
        ("arn:aws:s3:::bucket/home/bob/a", {}, IMPLICIT),  # unresolvable never grants
        ("arn:aws:s3:::bucket/home/${aws:username}/a", {}, IMPLICIT),
        ("arn:aws:s3:::bucket/home/bob/a", {"aws:username": "*"}, IMPLICIT),  # literal
        ("arn:aws:s3:::bucket/home/*/a", {"aws:username": "*"}, ALLOW),
        ("arn:aws:s3:::bucket/home/bob/a", {"aws:username": ["bob"]}, IMPLICIT),  # multivalued
    ],
)
def test_resource_variables(resource: str, context: dict[str, Any], expected: Decision) -> None:
    assert evaluate(HOME, "s3:GetObject", resource, context) is expected


def test_resource_variable_default() -> None:
    policy = doc(allow("x:*", "trn:ts:acme:user/${ts:username, 'guest'}/*"))
    assert evaluate(policy, "x:y", "trn:ts:acme:user/guest/1", {}) is ALLOW
    assert evaluate(policy, "x:y", "trn:ts:acme:user/ann/1", {"ts:username": "ann"}) is ALLOW
    assert evaluate(policy, "x:y", "trn:ts:acme:user/guest/1", {"ts:username": "ann"}) is IMPLICIT


def test_default_with_quote_escape() -> None:
    policy = doc(allow("x:*", "r/${k, 'it''s'}"))
    assert evaluate(policy, "x:y", "r/it's", {}) is ALLOW


def test_unresolvable_in_not_resource_never_grants() -> None:
    policy = doc({"Effect": "Allow", "Action": "*", "NotResource": "home/${aws:username}/*"})
    assert evaluate(policy, "x:y", "other/1", {"aws:username": "bob"}) is ALLOW
    assert evaluate(policy, "x:y", "home/bob/1", {"aws:username": "bob"}) is IMPLICIT
    assert evaluate(policy, "x:y", "other/1", {}) is IMPLICIT


def test_unresolvable_variable_in_deny_element_does_not_match() -> None:
    # AWS: the element with an unresolvable variable does not match, so the Deny doesn't apply.
    policy = doc(allow(), deny("*", "home/${aws:username}/*"))
    assert evaluate(policy, "x:y", "home/bob/1", {"aws:username": "bob"}) is EXPLICIT
    assert evaluate(policy, "x:y", "home/bob/1", {}) is ALLOW


def test_any_key_name_works_as_variable() -> None:
    policy = doc(allow("x:*", "tenant/${ts:tenant}/course/${Course-Id}"))
    ctx = {"ts:tenant": "acme", "course-id": 12}
    assert evaluate(policy, "x:y", "tenant/acme/course/12", ctx) is ALLOW


# ---------------------------------------------------------------------------- boundary / session


@pytest.mark.parametrize(
    ("identity", "boundary", "session", "expected"),
    [
        ([allow("s3:*")], None, None, ALLOW),
        ([allow("s3:*")], [allow("s3:Get*")], None, ALLOW),
        ([allow("s3:Put*")], [allow("s3:Get*")], None, IMPLICIT),  # boundary narrows
        ([allow("s3:Get*")], [allow("*")], None, ALLOW),
        ([], [allow("*")], None, IMPLICIT),  # boundary never grants by itself
        ([allow("*")], [], None, IMPLICIT),  # empty boundary in force -> nothing allowed
        ([allow("*")], [allow("*"), deny("s3:GetObject")], None, EXPLICIT),
        ([allow("*")], None, [allow("s3:*")], ALLOW),
        ([allow("*")], None, [allow("ec2:*")], IMPLICIT),
        ([allow("*")], None, [deny("s3:*"), allow("*")], EXPLICIT),
        ([allow("*")], [allow("s3:*")], [allow("s3:GetObject")], ALLOW),
        ([allow("*")], [allow("ec2:*")], [allow("s3:GetObject")], IMPLICIT),
    ],
)
def test_boundary_and_session_intersection(
    identity: list[dict[str, Any]],
    boundary: list[dict[str, Any]] | None,
    session: list[dict[str, Any]] | None,
    expected: Decision,
) -> None:
    b = None if boundary is None else [doc(*boundary)] if boundary else []
    s = None if session is None else [doc(*session)] if session else []
    result = evaluate(doc(*identity) if identity else [], "s3:GetObject", "r", {}, b, s)
    assert result is expected


# ---------------------------------------------------------------------------- explain


def test_explain_explicit_deny_lists_deny_statements() -> None:
    idp = Policy("base", doc(allow(Sid="All"), deny("s3:*", Sid="NoS3")))
    bnd = Policy("bound", doc(allow(Sid="B"), deny("s3:Get*", Sid="NoGet")))
    result = explain(idp, "s3:GetObject", "r", {}, boundary=bnd)
    assert result.decision is EXPLICIT
    assert set(result.statements) == {
        MatchedStatement("base", "NoS3", "Deny", "identity"),
        MatchedStatement("bound", "NoGet", "Deny", "boundary"),
    }
    assert "explicitly denied" in result.reason


def test_explain_allow_lists_allow_statements_from_each_kind() -> None:
    idp = Policy("base", doc(allow("s3:*", Sid="S3"), allow("*", Sid="Any"), allow("ec2:*")))
    ses = Policy("sess", doc(allow("s3:GetObject")))
    result = explain([idp], "s3:GetObject", "r", {}, session_policy=[ses])
    assert result == Explanation(
        ALLOW,
        (
            MatchedStatement("base", "S3", "Allow", "identity"),
            MatchedStatement("base", "Any", "Allow", "identity"),
            MatchedStatement("sess", None, "Allow", "session"),
        ),
        "allowed",
    )


@pytest.mark.parametrize(
    ("identity", "boundary", "session", "reason"),
    [
        ([allow("ec2:*")], None, None, "no statement allows"),
        ([allow("*")], [allow("ec2:*")], None, "boundary does not allow"),
        ([allow("*")], [allow("*")], [allow("ec2:*")], "session policy does not allow"),
    ],
)
def test_explain_implicit_deny_reason(
    identity: list[dict[str, Any]],
    boundary: list[dict[str, Any]] | None,
    session: list[dict[str, Any]] | None,
    reason: str,
) -> None:
    result = explain(
        doc(*identity),
        "s3:GetObject",
        "r",
        {},
        None if boundary is None else doc(*boundary),
        None if session is None else doc(*session),
    )
    assert result.decision is IMPLICIT
    assert result.statements == ()
    assert result.reason == reason


def test_explain_matches_evaluate_on_policy_set() -> None:
    ps = PolicySet(
        [compile_policy(doc(allow("a:*", Condition={"Bool": {"mfa": "true"}})), "p")],
        boundary=[compile_policy(doc(allow("a:*")), "b")],
    )
    for ctx in ({}, {"mfa": True}, {"MFA": "false"}):
        assert ps.explain("a:x", "r", ctx).decision is ps.evaluate("a:x", "r", ctx)


# ---------------------------------------------------------------------------- AWS examples
# Policies from the AWS IAM User Guide, evaluated with AWS's own key names.

AWS_DENY_OUTSIDE_IP = {
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Deny",
        "Action": "*",
        "Resource": "*",
        "Condition": {
            "NotIpAddress": {"aws:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]},
            "Bool": {"aws:ViaAWSService": "false"},
        },
    },
}
ADMIN = doc(allow("*", "*"))


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ({"aws:SourceIp": "192.0.2.10", "aws:ViaAWSService": False}, ALLOW),
        ({"aws:SourceIp": "203.0.113.200", "aws:ViaAWSService": False}, ALLOW),
        ({"aws:SourceIp": "198.51.100.1", "aws:ViaAWSService": False}, EXPLICIT),
        ({"aws:SourceIp": "198.51.100.1", "aws:ViaAWSService": True}, ALLOW),
    ],
)
def test_aws_deny_outside_ip_range(context: dict[str, Any], expected: Decision) -> None:
    assert evaluate([ADMIN, AWS_DENY_OUTSIDE_IP], "ec2:RunInstances", "*", context) is expected


AWS_S3_HOME = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowListingOfUserFolder",
            "Action": ["s3:ListBucket"],
            "Effect": "Allow",
            "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket"],
            "Condition": {"StringLike": {"s3:prefix": ["home/${aws:username}/*"]}},
        },
        {
            "Sid": "AllowAllS3ActionsInUserFolder",
            "Effect": "Allow",
            "Action": ["s3:*"],
            "Resource": ["arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"],
        },
    ],
}


@pytest.mark.parametrize(
    ("action", "resource", "context", "expected"),
    [
        (
            "s3:ListBucket",
            "arn:aws:s3:::amzn-s3-demo-bucket",
            {"aws:username": "David", "s3:prefix": "home/David/docs"},
            ALLOW,
        ),
        (
            "s3:ListBucket",
            "arn:aws:s3:::amzn-s3-demo-bucket",
            {"aws:username": "David", "s3:prefix": "home/Ana/"},
            IMPLICIT,
        ),
        (
            "s3:PutObject",
            "arn:aws:s3:::amzn-s3-demo-bucket/home/David/a.txt",
            {"aws:username": "David"},
            ALLOW,
        ),
        (
            "s3:PutObject",
            "arn:aws:s3:::amzn-s3-demo-bucket/home/david/a.txt",
            {"aws:username": "David"},
            IMPLICIT,
        ),
        ("s3:PutObject", "arn:aws:s3:::amzn-s3-demo-bucket/home/David/a.txt", {}, IMPLICIT),
    ],
)
def test_aws_s3_home_folder(
    action: str, resource: str, context: dict[str, Any], expected: Decision
) -> None:
    assert evaluate(AWS_S3_HOME, action, resource, context) is expected


AWS_MFA = {
    "Version": "2012-10-17",
    "Statement": [
        {"Sid": "AllowAll", "Effect": "Allow", "Action": "*", "Resource": "*"},
        {
            "Sid": "DenyAllExceptListedIfNoMFA",
            "Effect": "Deny",
            "NotAction": [
                "iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:GetUser",
                "iam:ListMFADevices",
                "iam:ListVirtualMFADevices",
                "iam:ResyncMFADevice",
                "sts:GetSessionToken",
            ],
            "Resource": "*",
            "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
        },
    ],
}


@pytest.mark.parametrize(
    ("action", "context", "expected"),
    [
        ("ec2:StopInstances", {"aws:MultiFactorAuthPresent": True}, ALLOW),
        ("ec2:StopInstances", {"aws:MultiFactorAuthPresent": False}, EXPLICIT),
        ("ec2:StopInstances", {}, EXPLICIT),  # long-term keys: key absent -> IfExists true
        ("iam:EnableMFADevice", {}, ALLOW),
        ("sts:getsessiontoken", {"aws:MultiFactorAuthPresent": "false"}, ALLOW),
    ],
)
def test_aws_mfa_required(action: str, context: dict[str, Any], expected: Decision) -> None:
    assert evaluate(AWS_MFA, action, "*", context) is expected


AWS_TIME_WINDOW = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "service-prefix:action-name",
            "Resource": "*",
            "Condition": {
                "DateGreaterThan": {"aws:CurrentTime": "2020-04-01T00:00:00Z"},
                "DateLessThan": {"aws:CurrentTime": "2020-06-30T23:59:59Z"},
            },
        }
    ],
}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2020-05-15T12:00:00Z", ALLOW),
        ("2020-03-31T23:59:59Z", IMPLICIT),
        ("2020-07-01T00:00:00Z", IMPLICIT),
        (None, IMPLICIT),
    ],
)
def test_aws_time_window(now: str | None, expected: Decision) -> None:
    ctx = {} if now is None else {"aws:CurrentTime": now}
    assert evaluate(AWS_TIME_WINDOW, "service-prefix:action-name", "*", ctx) is expected
