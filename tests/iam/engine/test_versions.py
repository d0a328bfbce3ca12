"""Policy language versions: without ``Version`` (= ``2008-10-17``, as in AWS) policy
variables do not exist and ``${...}`` is literal text; ``2012-10-17`` substitutes them.
Also: ``aws:<name>`` reads ``ts:<name>``."""

from __future__ import annotations

from typing import Any

import pytest

from apps.iam.engine import Decision, evaluate

ALLOW, IMPLICIT = Decision.ALLOW, Decision.IMPLICIT_DENY
NO_VERSION, V2008, V2012 = None, "2008-10-17", "2012-10-17"


def doc(version: str | None, **statement: Any) -> dict[str, Any]:
    d: dict[str, Any] = {"Statement": {"Effect": "Allow", "Action": "svc:Do", **statement}}
    if version is not None:
        d["Version"] = version
    return d


BOB = {"aws:username": "bob", "ts:username": "bob"}


@pytest.mark.parametrize(
    ("version", "resource", "context", "expected"),
    [
        (V2012, "home/bob/x", BOB, ALLOW),
        (V2012, "home/${aws:username}/x", BOB, IMPLICIT),
        (NO_VERSION, "home/bob/x", BOB, IMPLICIT),
        (NO_VERSION, "home/${aws:username}/x", BOB, ALLOW),
        (NO_VERSION, "home/${aws:username}/x", {}, ALLOW),
        (V2008, "home/bob/x", BOB, IMPLICIT),
        (V2008, "home/${aws:username}/x", BOB, ALLOW),
        (V2008, "home/${aws:userid}/x", BOB, IMPLICIT),  # literal, not a wildcard
    ],
)
def test_resource_variables_by_version(
    version: str | None, resource: str, context: dict[str, Any], expected: Decision
) -> None:
    policy = doc(version, Resource="home/${aws:username}/*")
    assert evaluate(policy, "svc:Do", resource, context) is expected


@pytest.mark.parametrize("version", [NO_VERSION, V2008])
def test_wildcards_stay_wildcards_without_variables(version: str | None) -> None:
    policy = doc(version, Resource="a${*}b/?")
    # "${*}" is the text "${", a "*" wildcard and "}": not AWS's escaped asterisk.
    assert evaluate(policy, "svc:Do", "a${anything}b/1") is ALLOW
    assert evaluate(policy, "svc:Do", "a*b/1") is IMPLICIT
    assert evaluate(doc(V2012, Resource="a${*}b/?"), "svc:Do", "a*b/1") is ALLOW


@pytest.mark.parametrize(
    ("version", "condition", "context", "expected"),
    [
        (V2012, {"StringEquals": {"k": "${ts:username}"}}, {"k": "bob", **BOB}, ALLOW),
        (NO_VERSION, {"StringEquals": {"k": "${ts:username}"}}, {"k": "bob", **BOB}, IMPLICIT),
        (NO_VERSION, {"StringEquals": {"k": "${ts:username}"}}, {"k": "${ts:username}"}, ALLOW),
        (V2008, {"StringLike": {"k": "${x}*"}}, {"k": "${x}yz", "x": "a"}, ALLOW),
        (V2008, {"StringLike": {"k": "${x}*"}}, {"k": "ayz", "x": "a"}, IMPLICIT),
        # negated with "${": literal comparison, not "unresolvable, never applies"
        (V2008, {"StringNotEquals": {"k": "${who}"}}, {"k": "bob"}, ALLOW),
        (V2012, {"StringNotEquals": {"k": "${who}"}}, {"k": "bob"}, IMPLICIT),
        (
            NO_VERSION,
            {"ArnLike": {"k": "arn:aws:s3:::home/${aws:username}"}},
            {"k": "arn:aws:s3:::home/${aws:username}", **BOB},
            ALLOW,
        ),
        (
            NO_VERSION,
            {"ArnLike": {"k": "arn:aws:s3:::home/${aws:username}"}},
            {"k": "arn:aws:s3:::home/bob", **BOB},
            IMPLICIT,
        ),
    ],
)
def test_condition_variables_by_version(
    version: str | None, condition: dict[str, Any], context: dict[str, Any], expected: Decision
) -> None:
    policy = doc(version, Resource="*", Condition=condition)
    assert evaluate(policy, "svc:Do", "r", context) is expected


@pytest.mark.parametrize(
    ("context", "expected"),
    [
        ({"ts:username": "bob"}, ALLOW),
        ({"TS:USERNAME": "bob"}, ALLOW),
        ({"aws:username": "bob", "ts:username": "ann"}, ALLOW),  # own aws: value wins
        ({"aws:username": "ann", "ts:username": "bob"}, IMPLICIT),
        ({}, IMPLICIT),
    ],
)
def test_aws_keys_read_ts_keys(context: dict[str, Any], expected: Decision) -> None:
    policy = doc(V2012, Resource="home/${aws:username}/*")
    assert evaluate(policy, "svc:Do", "home/bob/1", context) is expected


def test_aws_condition_key_reads_ts_key() -> None:
    policy = doc(V2012, Resource="*", Condition={"Bool": {"aws:SecureTransport": "true"}})
    assert evaluate(policy, "svc:Do", "r", {"ts:SecureTransport": True}) is ALLOW
    assert evaluate(policy, "svc:Do", "r", {"ts:SecureTransport": False}) is IMPLICIT
