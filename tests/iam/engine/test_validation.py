"""validate_policy: every error class reports the exact RFC 6901 pointer."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from apps.iam.engine import (
    PolicyValidationError,
    ValidationIssue,
    compile_policy,
    validate_policy,
)


def base() -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
            {"Sid": "B", "Effect": "Deny", "Action": ["s3:Put*"], "Resource": ["arn:x"]},
        ],
    }


def with_stmt(**changes: Any) -> dict[str, Any]:
    d = base()
    stmt = d["Statement"][0]
    for key, value in changes.items():
        if value is ...:
            stmt.pop(key, None)
        else:
            stmt[key] = value
    return d


def cond(block: Any) -> dict[str, Any]:
    return with_stmt(Condition=block)


ERROR_CASES: list[tuple[str, Any, str, str]] = [
    ("not object", ["x"], "", "not_an_object"),
    ("unknown top key", {**base(), "Foo": 1}, "/Foo", "unknown_key"),
    ("bad version", {**base(), "Version": "2020-01-01"}, "/Version", "invalid_version"),
    ("version not a string", {**base(), "Version": 2012}, "/Version", "invalid_version"),
    ("version null", {**base(), "Version": None}, "/Version", "invalid_version"),
    ("missing statement", {"Version": "2012-10-17"}, "/Statement", "missing_statement"),
    (
        "statement wrong type",
        {"Version": "2012-10-17", "Statement": "x"},
        "/Statement",
        "invalid_type",
    ),
    (
        "statement item wrong type",
        {"Version": "2012-10-17", "Statement": [1]},
        "/Statement/0",
        "invalid_type",
    ),
    ("id wrong type", {**base(), "Id": 3}, "/Id", "invalid_type"),
    ("unknown stmt key", with_stmt(Foo=1), "/Statement/0/Foo", "unknown_key"),
    ("principal", with_stmt(Principal="*"), "/Statement/0/Principal", "principal_not_allowed"),
    (
        "not principal",
        with_stmt(NotPrincipal="*"),
        "/Statement/0/NotPrincipal",
        "principal_not_allowed",
    ),
    ("effect missing", with_stmt(Effect=...), "/Statement/0/Effect", "missing_effect"),
    ("effect bad", with_stmt(Effect="allow"), "/Statement/0/Effect", "invalid_effect"),
    ("both actions", with_stmt(NotAction="s3:x"), "/Statement/0", "action_conflict"),
    ("no action", with_stmt(Action=...), "/Statement/0", "missing_action"),
    ("both resources", with_stmt(NotResource="x"), "/Statement/0", "resource_conflict"),
    ("no resource", with_stmt(Resource=...), "/Statement/0", "missing_resource"),
    ("action wrong type", with_stmt(Action=5), "/Statement/0/Action", "invalid_type"),
    (
        "action item wrong type",
        with_stmt(Action=["s3:a", 5]),
        "/Statement/0/Action/1",
        "invalid_type",
    ),
    ("action empty list", with_stmt(Action=[]), "/Statement/0/Action", "empty_list"),
    ("resource wrong type", with_stmt(Resource={"a": 1}), "/Statement/0/Resource", "invalid_type"),
    ("resource empty", with_stmt(Resource=[""]), "/Statement/0/Resource/0", "invalid_resource"),
    (
        "resource bad var",
        with_stmt(Resource="home/${aws:username"),
        "/Statement/0/Resource",
        "invalid_variable",
    ),
    ("sid wrong type", with_stmt(Sid=1), "/Statement/0/Sid", "invalid_type"),
    ("action no colon", with_stmt(Action="getobject"), "/Statement/0/Action", "invalid_action"),
    (
        "action empty service",
        with_stmt(Action=["s3:a", ":x"]),
        "/Statement/0/Action/1",
        "invalid_action",
    ),
    ("action empty name", with_stmt(Action="s3:"), "/Statement/0/Action", "invalid_action"),
    (
        "action wildcard service",
        with_stmt(Action="s*:get"),
        "/Statement/0/Action",
        "invalid_action",
    ),
    (
        "notaction malformed",
        with_stmt(Action=..., NotAction="bad"),
        "/Statement/0/NotAction",
        "invalid_action",
    ),
    ("condition not object", cond([1]), "/Statement/0/Condition", "invalid_type"),
    (
        "unknown operator",
        cond({"StringEqual": {"k": "v"}}),
        "/Statement/0/Condition/StringEqual",
        "unknown_operator",
    ),
    (
        "operator case-sensitive",
        cond({"stringequals": {"k": "v"}}),
        "/Statement/0/Condition/stringequals",
        "unknown_operator",
    ),
    (
        "bad set prefix",
        cond({"ForEveryValue:StringEquals": {"k": "v"}}),
        "/Statement/0/Condition/ForEveryValue:StringEquals",
        "unknown_operator",
    ),
    (
        "null with set",
        cond({"ForAllValues:Null": {"k": "true"}}),
        "/Statement/0/Condition/ForAllValues:Null",
        "unknown_operator",
    ),
    (
        "null if exists",
        cond({"NullIfExists": {"k": "true"}}),
        "/Statement/0/Condition/NullIfExists",
        "unknown_operator",
    ),
    (
        "double IfExists",
        cond({"StringEqualsIfExistsIfExists": {"k": "v"}}),
        "/Statement/0/Condition/StringEqualsIfExistsIfExists",
        "unknown_operator",
    ),
    (
        "operator body not object",
        cond({"StringEquals": "v"}),
        "/Statement/0/Condition/StringEquals",
        "invalid_type",
    ),
    (
        "pointer escaping",
        cond({"NumericEquals": {"aws:PrincipalTag/a~b": "x"}}),
        "/Statement/0/Condition/NumericEquals/aws:PrincipalTag~1a~0b",
        "invalid_num",
    ),
    (
        "value wrong type",
        cond({"StringEquals": {"k": {"a": 1}}}),
        "/Statement/0/Condition/StringEquals/k",
        "invalid_type",
    ),
    (
        "value list item wrong type",
        cond({"StringEquals": {"k": ["a", None]}}),
        "/Statement/0/Condition/StringEquals/k/1",
        "invalid_type",
    ),
    (
        "bad cidr",
        cond({"IpAddress": {"aws:SourceIp": "10.0.0.0/33"}}),
        "/Statement/0/Condition/IpAddress/aws:SourceIp",
        "invalid_ip",
    ),
    (
        "bad cidr in list",
        cond({"NotIpAddress": {"ip": ["10.0.0.0/8", "nope"]}}),
        "/Statement/0/Condition/NotIpAddress/ip/1",
        "invalid_ip",
    ),
    (
        "bad date",
        cond({"DateLessThan": {"aws:CurrentTime": "tomorrow"}}),
        "/Statement/0/Condition/DateLessThan/aws:CurrentTime",
        "invalid_date",
    ),
    (
        "bad number",
        cond({"NumericLessThan": {"n": "ten"}}),
        "/Statement/0/Condition/NumericLessThan/n",
        "invalid_num",
    ),
    (
        "bool as number",
        cond({"NumericLessThan": {"n": True}}),
        "/Statement/0/Condition/NumericLessThan/n",
        "invalid_num",
    ),
    ("bad bool", cond({"Bool": {"b": "yes"}}), "/Statement/0/Condition/Bool/b", "invalid_bool"),
    (
        "bad bool IfExists",
        cond({"BoolIfExists": {"b": 1}}),
        "/Statement/0/Condition/BoolIfExists/b",
        "invalid_bool",
    ),
    ("bad null", cond({"Null": {"k": "maybe"}}), "/Statement/0/Condition/Null/k", "invalid_value"),
    (
        "bad base64",
        cond({"BinaryEquals": {"k": "***"}}),
        "/Statement/0/Condition/BinaryEquals/k",
        "invalid_binary",
    ),
    (
        "bad variable in value",
        cond({"StringLike": {"k": "${x, 'y}"}}),
        "/Statement/0/Condition/StringLike/k",
        "invalid_variable",
    ),
    (
        "duplicate sid",
        {**base(), "Statement": [*base()["Statement"], {**base()["Statement"][0]}]},
        "/Statement/2/Sid",
        "duplicate_sid",
    ),
]


@pytest.mark.parametrize(
    ("document", "pointer", "code"),
    [pytest.param(d, p, c, id=name) for name, d, p, c in ERROR_CASES],
)
def test_validation_error_pointer(document: Any, pointer: str, code: str) -> None:
    with pytest.raises(PolicyValidationError) as info:
        validate_policy(document)
    issues = info.value.issues
    assert (pointer, code) in [(i.pointer, i.code) for i in issues], issues


def test_valid_documents_have_no_issues() -> None:
    assert validate_policy(base()) == []
    ok = with_stmt(
        Condition={
            "ForAllValues:StringLikeIfExists": {"aws:TagKeys": ["a*"]},
            "ForAnyValue:NumericLessThan": {"n": 3},
            "DateLessThan": {"aws:CurrentTime": "1700000000"},
            "IpAddress": {"aws:SourceIp": ["2001:db8::/32", "10.0.0.1"]},
            "Bool": {"aws:SecureTransport": True},
            "Null": {"x": False},
            "StringEquals": {"k": "${aws:username, 'anon'}"},
            "NumericEquals": {"n": "${limit}"},
        }
    )
    assert validate_policy(ok) == []
    assert (
        validate_policy(
            {
                "Version": "2008-10-17",
                "Statement": {"Effect": "Deny", "Action": "*", "NotResource": "x"},
            }
        )
        == []
    )


def test_all_errors_reported_at_once() -> None:
    d = base()
    d["Statement"][0]["Effect"] = "Maybe"
    d["Statement"][1]["Action"] = "nocolon"
    with pytest.raises(PolicyValidationError) as info:
        validate_policy(d)
    assert {i.pointer for i in info.value.issues} == {
        "/Statement/0/Effect",
        "/Statement/1/Action",
    }
    assert all(isinstance(i, ValidationIssue) for i in info.value.issues)
    assert "/Statement/0/Effect" in str(info.value)


def test_compile_policy_raises_validation_error() -> None:
    with pytest.raises(PolicyValidationError):
        compile_policy({"Version": "2012-10-17"})


KNOWN = ["s3:GetObject", "s3:PutObject", "teacherseat:admin:iam:policies:create"]


@pytest.mark.parametrize(
    ("actions", "pointers"),
    [
        (["s3:GetObject"], []),
        (["S3:getobject"], []),  # case-insensitive
        (["s3:*"], []),
        (["*"], []),
        (["teacherseat:admin:iam:*"], []),
        (["s3:GetObjekt"], ["/Statement/0/Action/0"]),
        (["s3:GetObject", "ec2:*"], ["/Statement/0/Action/1"]),
        (["s3:Get?bject", "s3:Del*"], ["/Statement/0/Action/1"]),
    ],
)
def test_unknown_action_warning(actions: list[str], pointers: list[str]) -> None:
    d = with_stmt(Action=actions)
    warnings = validate_policy(d, known_actions=KNOWN)
    assert [w.pointer for w in warnings] == pointers
    assert all(w.code == "unknown_action" for w in warnings)


def test_unknown_action_not_checked_without_catalogue_or_for_not_action() -> None:
    assert validate_policy(with_stmt(Action="zz:top")) == []
    d = with_stmt(Action=..., NotAction="zz:top")
    assert validate_policy(d, known_actions=KNOWN) == []


def test_validation_does_not_mutate_input() -> None:
    d = base()
    snapshot = copy.deepcopy(d)
    validate_policy(d)
    compile_policy(d)
    assert d == snapshot


# --- Version: omitted or 2008-10-17 is accepted, with warnings ------------------------


def without_version(**changes: Any) -> dict[str, Any]:
    d = with_stmt(**changes)
    del d["Version"]
    return d


@pytest.mark.parametrize(
    ("document", "codes"),
    [
        pytest.param(without_version(), ["version_missing"], id="missing"),
        pytest.param(
            without_version(Resource="home/${aws:username}/*"),
            ["version_missing"],
            id="missing+var",
        ),
        pytest.param({**base(), "Version": "2008-10-17"}, [], id="2008 without ${"),
        pytest.param(
            {**with_stmt(Resource="home/${ts:username}"), "Version": "2008-10-17"},
            ["version_variables_literal"],
            id="2008 with ${ in Resource",
        ),
        pytest.param(
            {**cond({"StringEquals": {"k": "${x}"}}), "Version": "2008-10-17"},
            ["version_variables_literal"],
            id="2008 with ${ in a condition",
        ),
        pytest.param(with_stmt(Resource="home/${ts:username}"), [], id="2012 with ${"),
    ],
)
def test_version_warnings(document: dict[str, Any], codes: list[str]) -> None:
    warnings = validate_policy(document)
    assert [w.code for w in warnings] == codes
    assert all(w.pointer == "/Version" for w in warnings)


def test_version_missing_warning_text() -> None:
    [warning] = validate_policy(without_version())
    assert warning == ValidationIssue(
        "/Version",
        'Version is missing: policy variables are read literally; add "Version": "2012-10-17"',
        "version_missing",
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"Resource": "home/${aws:username"},  # unterminated: literal text in 2008
        {"Resource": "a/${}/b"},
        {"Condition": {"StringLike": {"k": "${'x'}"}}},
        {"Condition": {"ArnLike": {"k": "arn:aws:s3:::${"}}},
    ],
)
def test_malformed_variables_are_literal_text_without_version(changes: dict[str, Any]) -> None:
    for document in (without_version(**changes), {**with_stmt(**changes), "Version": "2008-10-17"}):
        validate_policy(document)  # no error
        compile_policy(document)
    with pytest.raises(PolicyValidationError) as info:
        validate_policy(with_stmt(**changes))
    assert {i.code for i in info.value.issues} == {"invalid_variable"}


def test_typed_condition_value_with_dollar_is_checked_when_literal() -> None:
    # In 2008-10-17 "${n}" is the text "${n}", which is not a number.
    d = {**cond({"NumericEquals": {"k": "${n}"}}), "Version": "2008-10-17"}
    with pytest.raises(PolicyValidationError) as info:
        validate_policy(d)
    assert [(i.pointer, i.code) for i in info.value.issues] == [
        ("/Statement/0/Condition/NumericEquals/k", "invalid_num")
    ]


# --- unknown condition keys -----------------------------------------------------------

KNOWN_KEYS = ["ts:SourceIp", "ts:username", "ts:PrincipalTag/*", "content:FileSize"]


@pytest.mark.parametrize(
    ("block", "pointers"),
    [
        ({"IpAddress": {"ts:SourceIp": "10.0.0.0/8"}}, []),
        ({"IpAddress": {"TS:SOURCEIP": "10.0.0.0/8"}}, []),  # case-insensitive
        ({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}, []),  # aws: alias of ts:
        ({"StringEquals": {"aws:PrincipalTag/team": "x"}}, []),
        ({"StringEquals": {"ts:PrincipalTag/dept": "x"}}, []),
        ({"NumericLessThan": {"content:FileSize": 10}}, []),
        ({"IpAddress": {"ts:SourceIP4": "10.0.0.0/8"}}, ["/IpAddress/ts:SourceIP4"]),
        ({"NumericLessThan": {"aws:FileSize": 10}}, ["/NumericLessThan/aws:FileSize"]),
        ({"Null": {"s3:prefix": "true"}}, ["/Null/s3:prefix"]),
        (
            {"StringEquals": {"ts:username": "a", "ts:PrincipalTags/x": "b"}},
            ["/StringEquals/ts:PrincipalTags~1x"],
        ),
    ],
)
def test_unknown_condition_key_warning(block: dict[str, Any], pointers: list[str]) -> None:
    warnings = validate_policy(cond(block), known_condition_keys=KNOWN_KEYS)
    assert [w.pointer for w in warnings] == ["/Statement/0/Condition" + p for p in pointers]
    assert all(w.code == "unknown_condition_key" for w in warnings)


def test_condition_keys_not_checked_without_catalogue() -> None:
    assert validate_policy(cond({"StringEquals": {"zz:Top": "x"}})) == []
