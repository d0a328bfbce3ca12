"""Decision logic: explicit deny > allow (in every required policy kind) > implicit deny.

A :class:`PolicySet` is the reusable, compiled bundle for one principal.  It pre-filters
statements by action and memoises that per action name, so a warm decision only runs the
resource globs and conditions of the handful of statements that mention the action.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Final, Generic, TypeAlias, TypeVar

from .document import CompiledPolicy, CompiledStatement, Policy, compile_policy
from .keys import ALIAS_PREFIX, NATIVE_PREFIX
from .types import Decision, Explanation, MatchedStatement, Source

PolicyLike: TypeAlias = Mapping[str, Any] | Policy | CompiledPolicy
PolicyArg: TypeAlias = PolicyLike | Sequence[PolicyLike]

R = TypeVar("R")

_CACHE_LIMIT: Final = 4096
_EMPTY: Final[Mapping[str, Any]] = {}


class _Candidates:
    """Statements relevant to one action, per policy kind, split by effect."""

    __slots__ = ("allows", "denies", "needs_context")

    def __init__(
        self,
        denies: tuple[tuple[Source, CompiledStatement], ...],
        allows: tuple[tuple[CompiledStatement, ...], ...],
    ) -> None:
        self.denies = denies
        self.allows = allows
        stmts = [s for _, s in denies] + [s for group in allows for s in group]
        self.needs_context = any(s.conditions or s.resources.templates for s in stmts)


def _lower_context(context: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Context keys are case-insensitive: normalise once per request.

    ``aws:<name>`` is an alias of ``ts:<name>``: policies written for AWS read the same
    values, unless the context gives the ``aws:`` key a value of its own.
    """
    if not context:
        return _EMPTY
    lowered = {str(k).lower(): v for k, v in context.items()}
    natives = [k for k in lowered if k.startswith(NATIVE_PREFIX)]
    for key in natives:
        lowered.setdefault(ALIAS_PREFIX + key[len(NATIVE_PREFIX) :], lowered[key])
    return lowered


class PolicySet:
    """Compiled policies for one principal: identity + optional boundary + optional session.

    ``boundary``/``session`` of ``None`` mean "not in force"; an empty sequence means
    "in force but allows nothing", so every request is implicitly denied (fail closed).
    Instances are immutable apart from an internal per-action cache and may be shared.
    """

    __slots__ = ("_cache", "_sources", "boundary", "identity", "session")

    def __init__(
        self,
        identity: Sequence[CompiledPolicy],
        boundary: Sequence[CompiledPolicy] | None = None,
        session: Sequence[CompiledPolicy] | None = None,
    ) -> None:
        self.identity = tuple(identity)
        self.boundary = None if boundary is None else tuple(boundary)
        self.session = None if session is None else tuple(session)
        sources: list[tuple[Source, tuple[CompiledStatement, ...]]] = [
            ("identity", tuple(s for p in self.identity for s in p.statements))
        ]
        if self.boundary is not None:
            sources.append(("boundary", tuple(s for p in self.boundary for s in p.statements)))
        if self.session is not None:
            sources.append(("session", tuple(s for p in self.session for s in p.statements)))
        self._sources = tuple(sources)
        self._cache: dict[str, _Candidates] = {}

    def _candidates(self, action: str) -> _Candidates:
        key = action.lower()
        found = self._cache.get(key)
        if found is not None:
            return found
        denies: list[tuple[Source, CompiledStatement]] = []
        allows: list[tuple[CompiledStatement, ...]] = []
        for source, statements in self._sources:
            group: list[CompiledStatement] = []
            for stmt in statements:
                if stmt.matches_action(key):
                    if stmt.is_deny:
                        denies.append((source, stmt))
                    else:
                        group.append(stmt)
            allows.append(tuple(group))
        found = _Candidates(tuple(denies), tuple(allows))
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[key] = found
        return found

    def evaluate(
        self, action: str, resource: str, context: Mapping[str, Any] | None = None
    ) -> Decision:
        """Decide one request.  Order of statements/policies never matters."""
        cands = self._candidates(action)
        lookup = _lower_context(context) if cands.needs_context else _EMPTY
        for _, stmt in cands.denies:
            if stmt.applies(resource, lookup):
                return Decision.EXPLICIT_DENY
        for group in cands.allows:
            for stmt in group:
                if stmt.applies(resource, lookup):
                    break
            else:
                return Decision.IMPLICIT_DENY
        return Decision.ALLOW

    def explain(
        self, action: str, resource: str, context: Mapping[str, Any] | None = None
    ) -> Explanation:
        """Like :meth:`evaluate` but reports every statement that decided the outcome."""
        cands = self._candidates(action)
        lookup = _lower_context(context)
        denied = tuple(
            MatchedStatement(stmt.policy, stmt.sid, "Deny", source)
            for source, stmt in cands.denies
            if stmt.applies(resource, lookup)
        )
        if denied:
            kinds = sorted({m.source for m in denied})
            return Explanation(
                Decision.EXPLICIT_DENY, denied, f"explicitly denied by {', '.join(kinds)} policy"
            )
        allowed: list[MatchedStatement] = []
        for (source, _), group in zip(self._sources, cands.allows, strict=True):
            matched = [
                MatchedStatement(stmt.policy, stmt.sid, "Allow", source)
                for stmt in group
                if stmt.applies(resource, lookup)
            ]
            if not matched:
                reason = {
                    "identity": "no statement allows",
                    "boundary": "boundary does not allow",
                    "session": "session policy does not allow",
                }[source]
                return Explanation(Decision.IMPLICIT_DENY, (), reason)
            allowed.extend(matched)
        return Explanation(Decision.ALLOW, tuple(allowed), "allowed")


def _coerce_one(policy: PolicyLike, default_name: str) -> CompiledPolicy:
    if isinstance(policy, CompiledPolicy):
        return policy
    if isinstance(policy, Policy):
        return policy.compiled
    if isinstance(policy, Mapping):
        return compile_policy(policy, default_name)
    raise TypeError(f"expected a policy document, Policy or CompiledPolicy, got {policy!r}")


def coerce_policies(policies: PolicyArg | None) -> tuple[CompiledPolicy, ...] | None:
    """Accept a document, ``Policy``, ``CompiledPolicy`` or a sequence of those."""
    if policies is None:
        return None
    if isinstance(policies, Mapping | Policy | CompiledPolicy):
        return (_coerce_one(policies, "inline"),)
    items: Iterable[PolicyLike] = policies
    return tuple(_coerce_one(p, f"inline[{i}]") for i, p in enumerate(items))


class _OneShot(Generic[R]):
    """A :class:`PolicySet` method as a function of the policy arguments (a set per call)."""

    def __init__(
        self, method: Callable[[PolicySet, str, str, Mapping[str, Any] | None], R]
    ) -> None:
        self._method = method

    def __call__(
        self,
        identity_policies: PolicyArg,
        action: str,
        resource: str,
        context: Mapping[str, Any] | None = None,
        boundary: PolicyArg | None = None,
        session_policy: PolicyArg | None = None,
    ) -> R:
        policy_set = PolicySet(
            coerce_policies(identity_policies) or (),
            coerce_policies(boundary),
            coerce_policies(session_policy),
        )
        return self._method(policy_set, action, resource, context)


# One-shot helpers; prefer a long-lived :class:`PolicySet` on hot paths.
evaluate = _OneShot(PolicySet.evaluate)  # -> Decision
explain = _OneShot(PolicySet.explain)  # -> Explanation (same arguments as evaluate)
