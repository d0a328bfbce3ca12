"""Compiling validated documents into cheap-to-evaluate statement objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .conditions import KeyCondition, compile_condition_block
from .matching import Glob, compile_action, glob_from_template
from .validation import has_policy_variables, validate_policy
from .variables import Template, has_variables, parse_template, resolve


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


class ResourceMatcher:
    """``Resource``/``NotResource`` entries: static globs plus per-request templates."""

    __slots__ = ("any", "globs", "negated", "templates")

    def __init__(self, patterns: list[str], negated: bool, variables: bool = True) -> None:
        self.negated = negated
        self.globs: list[Glob] = []
        self.templates: list[Template] = []
        for pattern in patterns:
            template = parse_template(pattern, variables=variables)
            if has_variables(template):
                self.templates.append(template)
            else:
                self.globs.append(glob_from_template(template))
        # ``Resource: "*"`` is by far the most common case; skip work entirely.
        self.any = not negated and any(g.source == "*" and g.kind == 0 for g in self.globs)

    def applies(self, resource: str, lookup: Mapping[str, Any]) -> bool:
        """Does the statement cover ``resource``?

        For ``Resource`` an unresolvable entry simply never matches.  For ``NotResource``
        an unresolvable entry makes the element not match at all (the statement does not
        apply): treating it as "not excluded" would widen the statement's scope.
        """
        if self.any:
            return True
        if self.negated:
            for template in self.templates:
                resolved = resolve(template, lookup)
                if resolved is None or glob_from_template(resolved).matches(resource):
                    return False
            return all(not glob.matches(resource) for glob in self.globs)
        for glob in self.globs:
            if glob.matches(resource):
                return True
        for template in self.templates:
            resolved = resolve(template, lookup)
            if resolved is not None and glob_from_template(resolved).matches(resource):
                return True
        return False


@dataclass(frozen=True, eq=False)
class CompiledStatement:
    """A statement ready for evaluation.  ``policy`` / ``sid`` exist for ``explain``."""

    policy: str
    sid: str | None
    is_deny: bool
    actions: tuple[Glob, ...]
    not_action: bool
    resources: ResourceMatcher
    conditions: tuple[KeyCondition, ...]

    @property
    def effect(self) -> str:
        return "Deny" if self.is_deny else "Allow"

    def matches_action(self, action_lower: str) -> bool:
        hit = False
        for glob in self.actions:
            if glob.matches(action_lower):
                hit = True
                break
        return not hit if self.not_action else hit

    def applies(self, resource: str, lookup: Mapping[str, Any]) -> bool:
        """Resource and condition check (the action is pre-filtered by the caller)."""
        if not self.resources.applies(resource, lookup):
            return False
        return all(condition.test(lookup) for condition in self.conditions)


@dataclass(frozen=True, eq=False)
class CompiledPolicy:
    """A parsed, validated policy.  Immutable and safe to share across threads/requests."""

    name: str
    statements: tuple[CompiledStatement, ...]
    document: Mapping[str, Any] = field(repr=False)


def compile_policy(document: Mapping[str, Any], name: str = "inline") -> CompiledPolicy:
    """Validate and compile ``document`` (raises ``PolicyValidationError``).

    Policy variables exist only in policy language ``2012-10-17``; in ``2008-10-17`` (the
    default when ``Version`` is omitted, as in AWS) ``${...}`` is literal text.
    """
    validate_policy(document)
    variables = has_policy_variables(document)
    raw_statements = _as_list(document["Statement"])
    statements: list[CompiledStatement] = []
    for stmt in raw_statements:
        not_action = "NotAction" in stmt
        not_resource = "NotResource" in stmt
        action_patterns = _as_list(stmt["NotAction" if not_action else "Action"])
        resource_patterns = _as_list(stmt["NotResource" if not_resource else "Resource"])
        statements.append(
            CompiledStatement(
                policy=name,
                sid=stmt.get("Sid"),
                is_deny=stmt["Effect"] == "Deny",
                actions=tuple(compile_action(p) for p in action_patterns),
                not_action=not_action,
                resources=ResourceMatcher(resource_patterns, not_resource, variables),
                conditions=compile_condition_block(stmt.get("Condition", {}), variables=variables),
            )
        )
    return CompiledPolicy(name=name, statements=tuple(statements), document=document)


@dataclass(frozen=True)
class Policy:
    """A named document, compiled on first use and cached on the instance.

    Instances compare by value; they are not hashable because documents are dicts.
    """

    name: str
    document: Mapping[str, Any]

    @cached_property
    def compiled(self) -> CompiledPolicy:
        return compile_policy(self.document, self.name)
