"""Table-driven tests for every condition operator and its edge cases."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.iam.engine.helpers import allowed

CASES: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    # --- String ---------------------------------------------------------------
    ("StringEquals match", {"StringEquals": {"k": "a"}}, {"k": "a"}, True),
    ("StringEquals case-sensitive", {"StringEquals": {"k": "a"}}, {"k": "A"}, False),
    ("StringEquals OR values", {"StringEquals": {"k": ["a", "b"]}}, {"k": "b"}, True),
    ("StringEquals absent", {"StringEquals": {"k": "a"}}, {}, False),
    ("StringEquals key case-insensitive", {"StringEquals": {"K": "a"}}, {"k": "a"}, True),
    ("StringEquals ctx key case-insensitive", {"StringEquals": {"k": "a"}}, {"K": "a"}, True),
    ("StringEquals star literal", {"StringEquals": {"k": "a*"}}, {"k": "abc"}, False),
    ("StringEquals json bool", {"StringEquals": {"k": True}}, {"k": "true"}, True),
    ("StringEquals int ctx", {"StringEquals": {"k": "5"}}, {"k": 5}, True),
    ("StringNotEquals other", {"StringNotEquals": {"k": "a"}}, {"k": "b"}, True),
    ("StringNotEquals same", {"StringNotEquals": {"k": "a"}}, {"k": "a"}, False),
    ("StringNotEquals NOR", {"StringNotEquals": {"k": ["a", "b"]}}, {"k": "b"}, False),
    ("StringNotEquals absent", {"StringNotEquals": {"k": "a"}}, {}, True),
    ("StringNotEquals None is absent", {"StringNotEquals": {"k": "a"}}, {"k": None}, True),
    ("StringEqualsIgnoreCase", {"StringEqualsIgnoreCase": {"k": "ABC"}}, {"k": "abc"}, True),
    ("StringEqualsIgnoreCase miss", {"StringEqualsIgnoreCase": {"k": "ABC"}}, {"k": "ab"}, False),
    ("StringNotEqualsIgnoreCase", {"StringNotEqualsIgnoreCase": {"k": "A"}}, {"k": "a"}, False),
    ("StringNotEqualsIgnoreCase absent", {"StringNotEqualsIgnoreCase": {"k": "A"}}, {}, True),
    ("StringLike star", {"StringLike": {"k": "home/*"}}, {"k": "home/x/y"}, True),
    ("StringLike qmark", {"StringLike": {"k": "v?"}}, {"k": "v1"}, True),
    ("StringLike qmark one char", {"StringLike": {"k": "v?"}}, {"k": "v12"}, False),
    ("StringLike case-sensitive", {"StringLike": {"k": "a*"}}, {"k": "Abc"}, False),
    ("StringLike escaped star", {"StringLike": {"k": "a${*}"}}, {"k": "ab"}, False),
    ("StringLike escaped star lit", {"StringLike": {"k": "a${*}"}}, {"k": "a*"}, True),
    ("StringLike absent", {"StringLike": {"k": "*"}}, {}, False),
    ("StringNotLike", {"StringNotLike": {"k": "a*"}}, {"k": "ba"}, True),
    ("StringNotLike hit", {"StringNotLike": {"k": "a*"}}, {"k": "ab"}, False),
    ("StringNotLike absent", {"StringNotLike": {"k": "a*"}}, {}, True),
    # --- Numeric --------------------------------------------------------------
    ("NumericEquals", {"NumericEquals": {"n": "10"}}, {"n": 10}, True),
    ("NumericEquals float str", {"NumericEquals": {"n": "10.0"}}, {"n": "10"}, True),
    ("NumericEquals json number", {"NumericEquals": {"n": 3}}, {"n": 3}, True),
    ("NumericEquals non-numeric ctx", {"NumericEquals": {"n": "1"}}, {"n": "x"}, False),
    ("NumericEquals bool ctx", {"NumericEquals": {"n": "1"}}, {"n": True}, False),
    ("NumericNotEquals", {"NumericNotEquals": {"n": "1"}}, {"n": 2}, True),
    ("NumericNotEquals same", {"NumericNotEquals": {"n": "1"}}, {"n": 1}, False),
    ("NumericNotEquals absent", {"NumericNotEquals": {"n": "1"}}, {}, True),
    ("NumericLessThan", {"NumericLessThan": {"n": "10"}}, {"n": 9}, True),
    ("NumericLessThan equal", {"NumericLessThan": {"n": "10"}}, {"n": 10}, False),
    ("NumericLessThanEquals", {"NumericLessThanEquals": {"n": "10"}}, {"n": 10}, True),
    ("NumericGreaterThan", {"NumericGreaterThan": {"n": "10"}}, {"n": 10.5}, True),
    ("NumericGreaterThan equal", {"NumericGreaterThan": {"n": "10"}}, {"n": 10}, False),
    ("NumericGreaterThanEquals", {"NumericGreaterThanEquals": {"n": "10"}}, {"n": 10}, True),
    ("NumericLessThan absent", {"NumericLessThan": {"n": "10"}}, {}, False),
    # --- Date -----------------------------------------------------------------
    ("DateEquals iso", {"DateEquals": {"t": "2020-01-01T00:00:00Z"}}, {"t": "2020-01-01"}, True),
    (
        "DateEquals epoch",
        {"DateEquals": {"t": "1577836800"}},
        {"t": datetime(2020, 1, 1, tzinfo=UTC)},
        True,
    ),
    (
        "DateEquals offset",
        {"DateEquals": {"t": "2020-01-01T01:00:00+01:00"}},
        {"t": "2020-01-01T00:00:00Z"},
        True,
    ),
    ("DateNotEquals", {"DateNotEquals": {"t": "2020-01-01"}}, {"t": "2020-01-02"}, True),
    ("DateNotEquals absent", {"DateNotEquals": {"t": "2020-01-01"}}, {}, True),
    ("DateLessThan", {"DateLessThan": {"t": "2020-01-01"}}, {"t": "2019-12-31T23:59:59Z"}, True),
    ("DateLessThan equal", {"DateLessThan": {"t": "2020-01-01"}}, {"t": "2020-01-01"}, False),
    ("DateLessThanEquals", {"DateLessThanEquals": {"t": "2020-01-01"}}, {"t": "2020-01-01"}, True),
    ("DateGreaterThan", {"DateGreaterThan": {"t": "2020-01-01"}}, {"t": 1577836801}, True),
    (
        "DateGreaterThanEquals naive=UTC",
        {"DateGreaterThanEquals": {"t": "2020-01-01T00:00:00"}},
        {"t": datetime(2020, 1, 1)},
        True,
    ),
    ("DateLessThan garbage ctx", {"DateLessThan": {"t": "2020-01-01"}}, {"t": "soon"}, False),
    # --- Bool / Binary ----------------------------------------------------------
    ("Bool true", {"Bool": {"b": "true"}}, {"b": True}, True),
    ("Bool true str ctx", {"Bool": {"b": "true"}}, {"b": "TRUE"}, True),
    ("Bool false", {"Bool": {"b": "false"}}, {"b": True}, False),
    ("Bool json", {"Bool": {"b": False}}, {"b": False}, True),
    ("Bool absent", {"Bool": {"b": "false"}}, {}, False),
    ("BoolIfExists absent", {"BoolIfExists": {"b": "false"}}, {}, True),
    ("BinaryEquals", {"BinaryEquals": {"x": "QmluYXJ5"}}, {"x": b"Binary"}, True),
    ("BinaryEquals b64 ctx", {"BinaryEquals": {"x": "QmluYXJ5"}}, {"x": "QmluYXJ5"}, True),
    ("BinaryEquals miss", {"BinaryEquals": {"x": "QmluYXJ5"}}, {"x": b"other"}, False),
    # --- IP ---------------------------------------------------------------------
    ("IpAddress v4 in", {"IpAddress": {"ip": "203.0.113.0/24"}}, {"ip": "203.0.113.9"}, True),
    ("IpAddress v4 out", {"IpAddress": {"ip": "203.0.113.0/24"}}, {"ip": "203.0.114.9"}, False),
    ("IpAddress single", {"IpAddress": {"ip": "203.0.113.9"}}, {"ip": "203.0.113.9"}, True),
    ("IpAddress v6", {"IpAddress": {"ip": "2001:db8::/32"}}, {"ip": "2001:db8::1"}, True),
    ("IpAddress v6 vs v4 net", {"IpAddress": {"ip": "0.0.0.0/0"}}, {"ip": "::1"}, False),
    ("IpAddress garbage ctx", {"IpAddress": {"ip": "0.0.0.0/0"}}, {"ip": "nope"}, False),
    ("NotIpAddress out", {"NotIpAddress": {"ip": "10.0.0.0/8"}}, {"ip": "11.0.0.1"}, True),
    (
        "NotIpAddress in",
        {"NotIpAddress": {"ip": ["1.0.0.0/8", "10.0.0.0/8"]}},
        {"ip": "10.1.1.1"},
        False,
    ),
    ("NotIpAddress absent", {"NotIpAddress": {"ip": "10.0.0.0/8"}}, {}, True),
    # --- ARN --------------------------------------------------------------------
    (
        "ArnEquals exact",
        {"ArnEquals": {"a": "arn:aws:iam::123456789012:role/r"}},
        {"a": "arn:aws:iam::123456789012:role/r"},
        True,
    ),
    (
        "ArnLike segment wildcard",
        {"ArnLike": {"a": "arn:aws:iam::*:role/*"}},
        {"a": "arn:aws:iam::123456789012:role/admin"},
        True,
    ),
    (
        "ArnLike star does not cross colon",
        {"ArnLike": {"a": "arn:aws:*:role/x"}},
        {"a": "arn:aws:iam::1:role/x"},
        False,
    ),
    (
        "ArnLike resource part keeps colons",
        {"ArnLike": {"a": "arn:aws:logs:*:*:log-group:*"}},
        {"a": "arn:aws:logs:us-east-1:1:log-group:g:log-stream:s"},
        True,
    ),
    (
        "ArnLike case-sensitive",
        {"ArnLike": {"a": "arn:aws:iam::*:role/Admin"}},
        {"a": "arn:aws:iam::1:role/admin"},
        False,
    ),
    (
        "ArnNotLike",
        {"ArnNotLike": {"a": "arn:aws:iam::*:role/*"}},
        {"a": "arn:aws:iam::1:user/u"},
        True,
    ),
    ("ArnNotEquals absent", {"ArnNotEquals": {"a": "arn:aws:iam::1:user/u"}}, {}, True),
    ("ArnLike absent", {"ArnLike": {"a": "arn:*:*:*:*:*"}}, {}, False),
    (
        "ArnLike trn 5 segments",
        {"ArnLike": {"a": "trn:ts:*:content:*"}},
        {"a": "trn:ts:acme:content:c/1"},
        True,
    ),
    # --- Null -------------------------------------------------------------------
    ("Null true absent", {"Null": {"k": "true"}}, {}, True),
    ("Null true present", {"Null": {"k": "true"}}, {"k": "v"}, False),
    ("Null false present", {"Null": {"k": "false"}}, {"k": "v"}, True),
    ("Null false absent", {"Null": {"k": "false"}}, {}, False),
    ("Null empty list is absent", {"Null": {"k": "true"}}, {"k": []}, True),
    # --- IfExists -----------------------------------------------------------------
    ("StringEqualsIfExists absent", {"StringEqualsIfExists": {"k": "a"}}, {}, True),
    ("StringEqualsIfExists present miss", {"StringEqualsIfExists": {"k": "a"}}, {"k": "b"}, False),
    ("NumericLessThanIfExists absent", {"NumericLessThanIfExists": {"n": "1"}}, {}, True),
    ("IpAddressIfExists absent", {"IpAddressIfExists": {"ip": "10.0.0.0/8"}}, {}, True),
    (
        "ArnLikeIfExists present",
        {"ArnLikeIfExists": {"a": "arn:aws:sqs:*:1:q"}},
        {"a": "arn:aws:sqs:eu-west-1:1:q"},
        True,
    ),
    ("ArnLikeIfExists present, not an ARN", {"ArnLikeIfExists": {"a": "x:*"}}, {"a": "x:y"}, False),
    # --- Set operators ------------------------------------------------------------
    ("ForAllValues subset", {"ForAllValues:StringEquals": {"t": ["a", "b"]}}, {"t": ["a"]}, True),
    (
        "ForAllValues not subset",
        {"ForAllValues:StringEquals": {"t": ["a"]}},
        {"t": ["a", "c"]},
        False,
    ),
    ("ForAllValues absent", {"ForAllValues:StringEquals": {"t": ["a"]}}, {}, True),
    ("ForAllValues empty list", {"ForAllValues:StringEquals": {"t": ["a"]}}, {"t": []}, True),
    ("ForAllValues scalar ctx", {"ForAllValues:StringEquals": {"t": ["a"]}}, {"t": "a"}, True),
    ("ForAnyValue hit", {"ForAnyValue:StringEquals": {"t": ["a", "z"]}}, {"t": ["x", "a"]}, True),
    ("ForAnyValue miss", {"ForAnyValue:StringEquals": {"t": ["a"]}}, {"t": ["x", "y"]}, False),
    ("ForAnyValue absent", {"ForAnyValue:StringEquals": {"t": ["a"]}}, {}, False),
    ("ForAnyValue empty list", {"ForAnyValue:StringEquals": {"t": ["a"]}}, {"t": []}, False),
    ("ForAnyValue IfExists absent", {"ForAnyValue:StringEqualsIfExists": {"t": "a"}}, {}, True),
    (
        "ForAnyValue StringLike",
        {"ForAnyValue:StringLike": {"t": "adm*"}},
        {"t": ["u", "admin"]},
        True,
    ),
    (
        "ForAllValues StringNotEquals none forbidden",
        {"ForAllValues:StringNotEquals": {"t": ["x", "y"]}},
        {"t": ["a", "b"]},
        True,
    ),
    (
        "ForAllValues StringNotEquals one forbidden",
        {"ForAllValues:StringNotEquals": {"t": ["x", "y"]}},
        {"t": ["a", "x"]},
        False,
    ),
    (
        "ForAnyValue StringNotEquals",
        {"ForAnyValue:StringNotEquals": {"t": ["x"]}},
        {"t": ["x", "b"]},
        True,
    ),
    (
        "ForAnyValue NumericLessThan",
        {"ForAnyValue:NumericLessThan": {"n": "5"}},
        {"n": [9, 1]},
        True,
    ),
    # --- Multi-valued context with plain operators (documented choice) ------------
    ("plain op multivalued any", {"StringEquals": {"t": "a"}}, {"t": ["x", "a"]}, True),
    ("plain op multivalued none", {"StringEquals": {"t": "a"}}, {"t": ["x", "y"]}, False),
    ("plain negated multivalued", {"StringNotEquals": {"t": "a"}}, {"t": ["x", "a"]}, False),
    ("plain negated multivalued ok", {"StringNotEquals": {"t": "a"}}, {"t": ["x", "y"]}, True),
    ("plain op empty list = absent", {"StringEquals": {"t": "a"}}, {"t": []}, False),
    ("plain negated empty list = absent", {"StringNotEquals": {"t": "a"}}, {"t": []}, True),
    # --- AND / OR structure -------------------------------------------------------
    (
        "operators ANDed",
        {"StringEquals": {"a": "1"}, "Bool": {"b": "true"}},
        {"a": "1", "b": False},
        False,
    ),
    ("keys ANDed", {"StringEquals": {"a": "1", "b": "2"}}, {"a": "1", "b": "3"}, False),
    ("keys ANDed ok", {"StringEquals": {"a": "1", "b": "2"}}, {"a": "1", "b": "2"}, True),
]


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [pytest.param(c, ctx, e, id=name) for name, c, ctx, e in CASES],
)
def test_condition_operator(
    condition: dict[str, Any], context: dict[str, Any], expected: bool
) -> None:
    assert allowed(condition, context) is expected


VARIABLE_CASES: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    (
        "var resolved",
        {"StringEquals": {"owner": "${aws:username}"}},
        {"owner": "bob", "aws:username": "bob"},
        True,
    ),
    (
        "var key case-insensitive",
        {"StringEquals": {"owner": "${AWS:UserName}"}},
        {"owner": "bob", "aws:username": "bob"},
        True,
    ),
    (
        "var unresolvable never matches",
        {"StringEquals": {"owner": "${aws:username}"}},
        {"owner": "${aws:username}"},
        False,
    ),
    (
        "var unresolvable among ORed values",
        {"StringEquals": {"owner": ["${aws:username}", "root"]}},
        {"owner": "root"},
        True,
    ),
    (
        "var unresolvable in negated op does not grant",
        {"StringNotEquals": {"owner": "${aws:username}"}},
        {"owner": "bob"},
        False,
    ),
    (
        "var default used",
        {"StringEquals": {"owner": "${aws:username, 'nobody'}"}},
        {"owner": "nobody"},
        True,
    ),
    (
        "var multivalued is unresolvable",
        {"StringEquals": {"owner": "${ts:groups}"}},
        {"owner": "a", "ts:groups": ["a"]},
        False,
    ),
    (
        "var in StringLike stays literal",
        {"StringLike": {"path": "home/${ts:username}/*"}},
        {"path": "home/bob/x", "ts:username": "*"},
        False,
    ),
    (
        "var in StringLike",
        {"StringLike": {"path": "home/${ts:username}/*"}},
        {"path": "home/bob/x", "ts:username": "bob"},
        True,
    ),
    (
        "var in NumericLessThan",
        {"NumericLessThan": {"n": "${limit}"}},
        {"n": 3, "limit": 5},
        True,
    ),
    (
        "dollar escape",
        {"StringEquals": {"k": "${$}{x}"}},
        {"k": "${x}"},
        True,
    ),
]


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [pytest.param(c, ctx, e, id=name) for name, c, ctx, e in VARIABLE_CASES],
)
def test_condition_variables(
    condition: dict[str, Any], context: dict[str, Any], expected: bool
) -> None:
    assert allowed(condition, context) is expected


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [
        ({"StringNotEquals": {"k": "${who}"}}, {}, False),
        ({"StringNotEquals": {"k": "${who}"}}, {"who": "a"}, True),
        ({"StringNotEqualsIfExists": {"k": "${who}"}}, {}, True),
        ({"ForAllValues:StringNotLike": {"k": "${who}*"}}, {"k": ["x"]}, False),
        ({"ArnNotLike": {"k": "arn:aws:iam::${acct}:*"}}, {"k": "arn:aws:iam::1:r"}, False),
        ({"ArnLike": {"k": "arn:aws:iam::${acct}:*"}}, {"k": "arn:aws:iam::1:r", "acct": 1}, True),
    ],
)
def test_negated_operator_with_unresolvable_variable_never_applies(
    condition: dict[str, Any], context: dict[str, Any], expected: bool
) -> None:
    assert allowed(condition, context) is expected
