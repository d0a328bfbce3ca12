"""Structural and semantic validation of policy documents.

Validation is separate from compilation so an editor can show *every* problem at once,
each tied to an RFC 6901 JSON pointer.  ``compile_policy`` runs it first, which lets the
compiler assume a well-formed document.

``Version`` may be omitted, as in AWS: the document is then read as policy language
``2008-10-17``, where policy variables do not exist and ``${...}`` is literal text.  That is
accepted with a ``version_missing`` warning (and ``2008-10-17`` written out with a
``version_variables_literal`` warning when the document contains ``${``); any other value is
an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from .conditions import POLICY_PARSERS, parse_bool, parse_operator, parse_policy_string
from .keys import KeyCatalogue
from .matching import compile_action
from .types import PolicyValidationError, ValidationIssue
from .variables import TemplateSyntaxError, parse_template

CURRENT_VERSION: Final = "2012-10-17"
LEGACY_VERSION: Final = "2008-10-17"
VERSIONS: Final = (CURRENT_VERSION, LEGACY_VERSION)
TOP_LEVEL_KEYS: Final = frozenset({"Version", "Id", "Statement"})
STATEMENT_KEYS: Final = frozenset(
    {"Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"}
)
_FAMILY_LABEL: Final = {
    "num": "a number",
    "date": "an ISO 8601 date or epoch seconds",
    "bool": "'true' or 'false'",
    "binary": "base64 data",
    "ip": "an IPv4/IPv6 address or CIDR",
}


def _esc(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    """Build an RFC 6901 pointer (``~`` and ``/`` escaped)."""
    return "".join("/" + _esc(str(t)) for t in tokens)


def _is_scalar(value: Any) -> bool:
    return isinstance(value, str | bool | int | float)


def has_policy_variables(document: Mapping[str, Any]) -> bool:
    """Whether the document's policy language has variables (only ``2012-10-17`` does)."""
    return document.get("Version") == CURRENT_VERSION


def _strings(value: Any) -> Iterator[str]:
    """Every string in a JSON value (keys included), without recursion."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, Mapping):
            stack.extend(str(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


class _Validator:
    def __init__(
        self,
        known_actions: Iterable[str] | None,
        known_condition_keys: Iterable[str] | None = None,
    ) -> None:
        self.errors: list[ValidationIssue] = []
        self.warnings: list[ValidationIssue] = []
        self.known_actions = (
            None if known_actions is None else tuple(a.lower() for a in known_actions)
        )
        self.known_keys = (
            None
            if known_condition_keys is None
            else KeyCatalogue((k, "") for k in known_condition_keys)
        )
        self.variables = True

    def error(self, ptr: str, code: str, message: str) -> None:
        self.errors.append(ValidationIssue(ptr, message, code))

    def warn(self, ptr: str, code: str, message: str) -> None:
        self.warnings.append(ValidationIssue(ptr, message, code))

    # -- document ---------------------------------------------------------------------------
    def document(self, doc: Any) -> None:
        if not isinstance(doc, Mapping):
            self.error("", "not_an_object", "policy document must be a JSON object")
            return
        for key in doc:
            if key not in TOP_LEVEL_KEYS:
                self.error(pointer(str(key)), "unknown_key", f"unknown top-level key {key!r}")
        self.version(doc)
        if "Id" in doc and not isinstance(doc["Id"], str):
            self.error("/Id", "invalid_type", "Id must be a string")
        if "Statement" not in doc:
            self.error("/Statement", "missing_statement", "Statement is required")
            return
        statements = doc["Statement"]
        if isinstance(statements, Mapping):
            self.statement(statements, pointer("Statement"))
            self.duplicate_sids([(statements, pointer("Statement"))])
        elif isinstance(statements, list):
            items = []
            for i, stmt in enumerate(statements):
                ptr = pointer("Statement", i)
                self.statement(stmt, ptr)
                items.append((stmt, ptr))
            self.duplicate_sids(items)
        else:
            self.error(
                "/Statement", "invalid_type", "Statement must be an object or array of objects"
            )

    def version(self, doc: Mapping[str, Any]) -> None:
        if "Version" not in doc:
            self.variables = False
            self.warn(
                "/Version",
                "version_missing",
                'Version is missing: policy variables are read literally; add "Version": '
                f'"{CURRENT_VERSION}"',
            )
        elif not isinstance(doc["Version"], str) or doc["Version"] not in VERSIONS:
            self.error("/Version", "invalid_version", f"Version must be one of {VERSIONS}")
        elif doc["Version"] == LEGACY_VERSION:
            self.variables = False
            if any("${" in text for text in _strings(doc.get("Statement"))):
                self.warn(
                    "/Version",
                    "version_variables_literal",
                    f"Version {LEGACY_VERSION} has no policy variables: ${{...}} is read "
                    f'literally; use "Version": "{CURRENT_VERSION}"',
                )

    def duplicate_sids(self, items: list[tuple[Any, str]]) -> None:
        seen: set[str] = set()
        for stmt, ptr in items:
            if isinstance(stmt, Mapping) and isinstance(stmt.get("Sid"), str):
                sid = stmt["Sid"]
                if sid in seen:
                    self.error(ptr + "/Sid", "duplicate_sid", f"duplicate Sid {sid!r}")
                seen.add(sid)

    # -- statement --------------------------------------------------------------------------
    def statement(self, stmt: Any, ptr: str) -> None:
        if not isinstance(stmt, Mapping):
            self.error(ptr, "invalid_type", "statement must be a JSON object")
            return
        for key in stmt:
            if key in ("Principal", "NotPrincipal"):
                self.error(
                    ptr + pointer(str(key)),
                    "principal_not_allowed",
                    f"{key} is not allowed in identity-based policies",
                )
            elif key not in STATEMENT_KEYS:
                self.error(ptr + pointer(str(key)), "unknown_key", f"unknown statement key {key!r}")
        if "Sid" in stmt and not isinstance(stmt["Sid"], str):
            self.error(ptr + "/Sid", "invalid_type", "Sid must be a string")
        if "Effect" not in stmt:
            self.error(ptr + "/Effect", "missing_effect", "Effect is required")
        elif stmt["Effect"] not in ("Allow", "Deny"):
            self.error(ptr + "/Effect", "invalid_effect", "Effect must be 'Allow' or 'Deny'")
        self.exclusive(stmt, ptr, "Action", "NotAction")
        self.exclusive(stmt, ptr, "Resource", "NotResource")
        for key in ("Action", "NotAction"):
            if key in stmt:
                self.actions(stmt[key], ptr + "/" + key, warn_unknown=key == "Action")
        for key in ("Resource", "NotResource"):
            if key in stmt:
                self.resources(stmt[key], ptr + "/" + key)
        if "Condition" in stmt:
            self.condition(stmt["Condition"], ptr + "/Condition")

    def exclusive(self, stmt: Mapping[str, Any], ptr: str, a: str, b: str) -> None:
        if a in stmt and b in stmt:
            self.error(ptr, f"{a.lower()}_conflict", f"statement has both {a} and {b}")
        elif a not in stmt and b not in stmt:
            self.error(ptr, f"missing_{a.lower()}", f"statement needs exactly one of {a}/{b}")

    def string_list(self, value: Any, ptr: str) -> list[tuple[str, str]]:
        """Return (string, pointer) pairs, reporting type errors."""
        if isinstance(value, str):
            return [(value, ptr)]
        if isinstance(value, list):
            if not value:
                self.error(ptr, "empty_list", "must not be an empty array")
            out = []
            for i, item in enumerate(value):
                if isinstance(item, str):
                    out.append((item, f"{ptr}/{i}"))
                else:
                    self.error(f"{ptr}/{i}", "invalid_type", "must be a string")
            return out
        self.error(ptr, "invalid_type", "must be a string or an array of strings")
        return []

    def actions(self, value: Any, ptr: str, *, warn_unknown: bool) -> None:
        for action, item_ptr in self.string_list(value, ptr):
            if action != "*":
                service, sep, rest = action.partition(":")
                if not sep or not service or not rest or "*" in service or "?" in service:
                    self.error(
                        item_ptr,
                        "invalid_action",
                        f"action {action!r} must be '*' or 'service:action'",
                    )
                    continue
            if warn_unknown and self.known_actions is not None:
                glob = compile_action(action)
                if not any(glob.matches(a) for a in self.known_actions):
                    self.warn(item_ptr, "unknown_action", f"{action!r} matches no known action")

    def resources(self, value: Any, ptr: str) -> None:
        for resource, item_ptr in self.string_list(value, ptr):
            if not resource:
                self.error(item_ptr, "invalid_resource", "resource must not be empty")
                continue
            try:
                parse_template(resource, variables=self.variables)
            except TemplateSyntaxError as exc:
                self.error(item_ptr, "invalid_variable", str(exc))

    # -- condition --------------------------------------------------------------------------
    def condition(self, block: Any, ptr: str) -> None:
        if not isinstance(block, Mapping):
            self.error(ptr, "invalid_type", "Condition must be an object")
            return
        for op_name, keys in block.items():
            op_ptr = ptr + pointer(str(op_name))
            try:
                spec = parse_operator(str(op_name))
            except ValueError as exc:
                self.error(op_ptr, "unknown_operator", str(exc))
                continue
            if not isinstance(keys, Mapping) or not keys:
                self.error(op_ptr, "invalid_type", "operator value must be a non-empty object")
                continue
            for key, raw in keys.items():
                key_ptr = op_ptr + pointer(str(key))
                if not isinstance(key, str) or not key:
                    self.error(key_ptr, "invalid_key", "condition key must be a non-empty string")
                    continue
                if self.known_keys is not None and key not in self.known_keys:
                    self.warn(
                        key_ptr,
                        "unknown_condition_key",
                        f"{key!r} is not a known condition key: requests never carry it, "
                        "so the condition sees it as absent",
                    )
                if isinstance(raw, list):
                    if not raw:
                        self.error(key_ptr, "empty_list", "condition values must not be empty")
                    values = [(v, f"{key_ptr}/{i}") for i, v in enumerate(raw)]
                else:
                    values = [(raw, key_ptr)]
                for value, value_ptr in values:
                    self.condition_value(spec.family, value, value_ptr)

    def condition_value(self, family: str, value: Any, ptr: str) -> None:
        if not _is_scalar(value):
            self.error(ptr, "invalid_type", "condition value must be a string, number or boolean")
            return
        if family == "null":
            try:
                parse_bool(value)
            except ValueError:
                self.error(ptr, "invalid_value", "Null takes 'true' or 'false'")
            return
        text = parse_policy_string(value)
        try:
            parse_template(text, wildcards=family in ("like", "arn"), variables=self.variables)
        except TemplateSyntaxError as exc:
            self.error(ptr, "invalid_variable", str(exc))
            return
        if family in POLICY_PARSERS and (not self.variables or "${" not in text):
            try:
                POLICY_PARSERS[family](value)
            except (ValueError, TypeError, OverflowError):
                label = _FAMILY_LABEL[family.split("_")[0]]
                self.error(ptr, f"invalid_{family.split('_')[0]}", f"{value!r} is not {label}")


def validate_policy(
    document: Any,
    *,
    known_actions: Iterable[str] | None = None,
    known_condition_keys: Iterable[str] | None = None,
) -> list[ValidationIssue]:
    """Validate ``document``; return warnings, raise ``PolicyValidationError`` on errors.

    ``known_actions`` (the application's action catalogue) enables the ``unknown_action``
    warning, which catches typos such as ``s3:GetObjekt`` that would otherwise silently
    grant nothing.  ``known_condition_keys`` (names, ``*`` allowed, e.g.
    ``ts:PrincipalTag/*``; compared case-insensitively) enables ``unknown_condition_key``
    the same way; an ``aws:`` key counts as known when its ``ts:`` twin is (the evaluator
    reads one from the other, see :mod:`.keys`).  Warnings also report a missing
    ``Version`` (``version_missing``) and variables in a ``2008-10-17`` document.
    """
    validator = _Validator(known_actions, known_condition_keys)
    validator.document(document)
    if validator.errors:
        raise PolicyValidationError(validator.errors)
    return validator.warnings
