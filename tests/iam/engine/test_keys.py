"""Typing context values by condition-key type (used by the policy simulator)."""

from __future__ import annotations

from typing import Any

import pytest

from apps.iam.engine.keys import GLOBAL_CONDITION_KEYS, KeyCatalogue, convert_context_value


@pytest.mark.parametrize(
    ("key_type", "value", "expected"),
    [
        ("Bool", "true", True),
        ("Bool", "FALSE", False),
        ("Bool", True, True),
        ("Numeric", "1024", 1024),
        ("Numeric", " 1.5 ", 1.5),
        ("Numeric", 7, 7),
        ("Numeric", ["1", 2], [1, 2]),
        ("Date", "2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"),
        ("Date", "1700000000", "1700000000"),
        ("Date", 1700000000, 1700000000),
        ("IpAddress", " 203.0.113.7", "203.0.113.7"),
        ("IpAddress", "2001:db8::1", "2001:db8::1"),
        ("String", "x", "x"),
        ("String", 12, "12"),
        ("String", False, "false"),
        ("String", None, None),
    ],
)
def test_convert(key_type: str, value: Any, expected: Any) -> None:
    assert convert_context_value(key_type, value) == expected
    assert type(convert_context_value(key_type, value)) is type(expected)


@pytest.mark.parametrize(
    ("key_type", "value"),
    [
        ("Bool", "yes"),
        ("Bool", 1),
        ("Numeric", "12kb"),
        ("Numeric", True),
        ("Numeric", "nan"),
        ("Numeric", "1e999"),
        ("Numeric", "١٢"),  # Arabic-Indic digits: int() takes them, AWS would not
        ("Date", "tomorrow"),
        ("Date", True),
        ("IpAddress", "10.0.0.0/8"),
        ("IpAddress", "999.1.1.1"),
        ("IpAddress", 10),
        ("String", {"a": 1}),
        ("String", [["nested"]]),
        ("Numeric", "\x00"),
    ],
)
def test_convert_rejects(key_type: str, value: Any) -> None:
    with pytest.raises(ValueError):
        convert_context_value(key_type, value)


def test_catalogue_types_and_aliases() -> None:
    catalogue = KeyCatalogue({**GLOBAL_CONDITION_KEYS, "content:FileSize": "Numeric"})
    assert catalogue.type_of("ts:CurrentTime") == "Date"
    assert catalogue.type_of("AWS:SourceIp") == "IpAddress"
    assert catalogue.type_of("aws:PrincipalTag/team") == "String"
    assert catalogue.type_of("content:filesize") == "Numeric"
    assert catalogue.type_of("aws:FileSize") is None
    assert catalogue.type_of("ts:Nope") is None
    assert "ts:MultiFactorAuthPresent" in catalogue
