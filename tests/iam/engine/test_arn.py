"""Arn* condition operators, component by component as AWS documents them.

AWS (IAM JSON policy elements: Condition operators, "Amazon Resource Name (ARN) condition
operators"): ArnEquals/ArnLike are "case-sensitive matching of the ARN. Each of the six
colon-delimited components of the ARN is checked separately and each can include
multi-character match wildcards (*) or single-character match wildcards (?)".  ArnEquals
takes wildcards just like ArnLike.  TeacherSeat's own names (``trn:``) have five components.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.iam.engine.helpers import allowed

# (name, pattern, context value, ArnLike result)
ARN_CASES: list[tuple[str, str, str, bool]] = [
    # AWS-documented shapes
    (
        "exact",
        "arn:aws:sns:us-east-1:123456789012:my-topic",
        "arn:aws:sns:us-east-1:123456789012:my-topic",
        True,
    ),
    ("role wildcard", "arn:aws:iam::*:role/*", "arn:aws:iam::123456789012:role/AdminRole", True),
    (
        "role wildcard, a user",
        "arn:aws:iam::*:role/*",
        "arn:aws:iam::123456789012:user/User",
        False,
    ),
    (
        "question marks",
        "arn:aws:ec2:*:*:instance/i-?????",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-12345",
        True,
    ),
    (
        "question marks, one too many",
        "arn:aws:ec2:*:*:instance/i-?????",
        "arn:aws:ec2:us-east-1:123456789012:instance/i-123456",
        False,
    ),
    (
        "cloudtrail source arn",
        "arn:aws:cloudtrail:*:111122223333:trail/*",
        "arn:aws:cloudtrail:us-east-2:111122223333:trail/management",
        True,
    ),
    ("case-sensitive", "arn:aws:iam::*:role/Admin", "arn:aws:iam::1:role/admin", False),
    # empty components (S3 has no region or account)
    ("empty region/account exact", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket", True),
    ("* matches an empty component", "arn:aws:s3:*:*:bucket", "arn:aws:s3:::bucket", True),
    ("? needs a character", "arn:aws:s3:?:*:bucket", "arn:aws:s3:::bucket", False),
    ("exact bucket, not its objects", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key", False),
    ("all components empty but resource", "arn:*:*:*:*:*", "arn:aws:s3:::", True),
    # * in region/account never spans a colon
    ("* in region", "arn:aws:sqs:*:123456789012:q", "arn:aws:sqs:eu-west-1:123456789012:q", True),
    ("* in account", "arn:aws:sqs:eu-west-1:*:q", "arn:aws:sqs:eu-west-1:123456789012:q", True),
    (
        "* does not span components",
        "arn:aws:*:123456789012:role/x",
        "arn:aws:iam::123456789012:role/x",
        False,
    ),
    ("* for service+region is two components", "arn:aws:*:1:q", "arn:aws:sqs:eu-west-1:1:q", False),
    ("? does not match a colon", "arn:aws?s3:::b", "arn:aws:s3:::b", False),
    ("account must match whole", "arn:aws:iam::1:*", "arn:aws:iam::12:role/x", False),
    # the resource component keeps its colons, and wildcards there may cross them
    (
        "resource with colons",
        "arn:aws:logs:*:*:log-group:*",
        "arn:aws:logs:us-east-1:1:log-group:g:log-stream:s",
        True,
    ),
    ("resource * spans colons", "arn:aws:logs:*:*:*", "arn:aws:logs:us-east-1:1:log-group:g", True),
    (
        "resource literal colons",
        "arn:aws:logs:us-east-1:1:log-group:g",
        "arn:aws:logs:us-east-1:1:log-group:g",
        True,
    ),
    (
        "resource colon count matters",
        "arn:aws:logs:*:*:log-group:*:x",
        "arn:aws:logs:r:1:log-group:g",
        False,
    ),
    # values and patterns with too few components
    ("value with 3 components", "arn:*:*:*:*:*", "arn:aws:s3", False),
    ("value with 5 components", "arn:*:*:*:*:*", "arn:aws:s3::", False),
    ("value not an ARN", "arn:*:*:*:*:*", "not-an-arn", False),
    ("empty value", "arn:*:*:*:*:*", "", False),
    ("pattern * alone", "*", "arn:aws:s3:::bucket", False),
    ("pattern with 4 components", "arn:aws:iam::*", "arn:aws:iam::1:role/x", False),
    # TeacherSeat names: five components
    (
        "trn course",
        "trn:teacherseat:*:content:course/*",
        "trn:teacherseat:acme:content:course/12",
        True,
    ),
    ("trn other system", "trn:teacherseat:*:content:*", "trn:teacherseat:acme:iam:user/1", False),
    (
        "trn * does not span",
        "trn:teacherseat:*:course/*",
        "trn:teacherseat:acme:content:course/1",
        False,
    ),
    (
        "trn resource keeps colons",
        "trn:teacherseat:acme:content:*",
        "trn:teacherseat:acme:content:a:b",
        True,
    ),
    ("trn wildcard scheme", "*:*:*:*:*", "trn:teacherseat:acme:content:c/1", True),
    ("trn value with 4 components", "trn:*:*:*:*", "trn:teacherseat:acme:content", False),
    ("trn pattern vs arn value", "trn:*:*:*:*", "arn:aws:s3:::b", False),
    ("arn pattern vs trn value", "arn:*:*:*:*:*", "trn:teacherseat:acme:content:c/1", False),
]


@pytest.mark.parametrize("operator", ["ArnLike", "ArnEquals"])
@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [pytest.param(p, v, e, id=name) for name, p, v, e in ARN_CASES],
)
def test_arn_like_and_equals(operator: str, pattern: str, value: str, expected: bool) -> None:
    assert allowed({operator: {"k": pattern}}, {"k": value}) is expected


@pytest.mark.parametrize("operator", ["ArnNotLike", "ArnNotEquals"])
@pytest.mark.parametrize(
    ("pattern", "value", "expected"),
    [pytest.param(p, v, not e, id=name) for name, p, v, e in ARN_CASES],
)
def test_arn_not_like_and_not_equals(
    operator: str, pattern: str, value: str, expected: bool
) -> None:
    assert allowed({operator: {"k": pattern}}, {"k": value}) is expected


ROLE = "arn:aws:iam::*:role/*"


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [
        ({"ArnLikeIfExists": {"k": ROLE}}, {}, True),
        ({"ArnLikeIfExists": {"k": ROLE}}, {"k": "role/x"}, False),
        ({"ArnNotLikeIfExists": {"k": ROLE}}, {"k": "role/x"}, True),
        ({"ArnLike": {"k": ROLE}}, {}, False),
        ({"ArnNotLike": {"k": ROLE}}, {}, True),
        ({"ForAnyValue:ArnLike": {"k": ROLE}}, {"k": ["nope", "arn:aws:iam::1:role/a"]}, True),
        ({"ForAllValues:ArnLike": {"k": ROLE}}, {"k": ["nope", "arn:aws:iam::1:role/a"]}, False),
        ({"ForAllValues:ArnEquals": {"k": ROLE}}, {"k": ["arn:aws:iam::1:role/a"]}, True),
        ({"ForAnyValue:ArnNotLike": {"k": ROLE}}, {"k": ["arn:aws:iam::1:role/a", "x"]}, True),
        ({"ArnLike": {"k": ["arn:aws:s3:::a", ROLE]}}, {"k": "arn:aws:iam::1:role/r"}, True),
        (
            {"ArnLike": {"k": "arn:aws:iam::${acct}:role/*"}},
            {"k": "arn:aws:iam::123:role/r", "acct": "123"},
            True,
        ),
        (
            {"ArnLike": {"k": "arn:aws:iam::${acct}:role/*"}},
            {"k": "arn:aws:iam::123:role/r", "acct": "999"},
            False,
        ),
        # a substituted value is literal: its "*" is no wildcard
        (
            {"ArnLike": {"k": "arn:aws:iam::${acct}:role/*"}},
            {"k": "arn:aws:iam::123:role/r", "acct": "*"},
            False,
        ),
    ],
)
def test_arn_operator_forms(
    condition: dict[str, Any], context: dict[str, Any], expected: bool
) -> None:
    assert allowed(condition, context) is expected
