"""Pure IAM policy engine (AWS IAM identity-policy semantics, no Django, no database).

Entry points
------------
``compile_policy(document, name="inline") -> CompiledPolicy``
    Validate and compile a policy document once (wildcards become precompiled matchers,
    condition values are parsed).  Raises :class:`PolicyValidationError`.

``Policy(name, document)``
    Frozen pair whose ``.compiled`` is built lazily and cached.

``PolicySet(identity, boundary=None, session=None)``
    Reusable compiled bundle for one principal; ``.evaluate(action, resource, context)``
    returns a :class:`Decision`, ``.explain(...)`` an :class:`Explanation`.  Keep one per
    principal (e.g. cached per user) - it memoises which statements mention each action.

``evaluate(identity_policies, action, resource, context, boundary=None, session_policy=None)``
``explain(...)``
    One-shot helpers; every policy argument accepts documents (dicts), ``Policy``,
    ``CompiledPolicy`` or a list of those.

``validate_policy(document, *, known_actions=None, known_condition_keys=None)``
    Returns warnings (``unknown_action`` / ``unknown_condition_key`` when the catalogues
    are given, ``version_missing`` / ``version_variables_literal``); raises
    :class:`PolicyValidationError` whose ``issues`` carry RFC 6901 JSON pointers.

``GLOBAL_CONDITION_KEYS``, ``KeyCatalogue``, ``convert_context_value`` (:mod:`.keys`)
    The global condition keys and their types; typing loosely typed context values.

Semantics
---------
* Decision: an explicit ``Deny`` in any applicable policy (identity, boundary or session)
  wins -> ``ExplicitDeny``.  Otherwise the identity policies must allow, and so must the
  permissions boundary and the session policy when given -> ``Allow``; else
  ``ImplicitDeny``.  Statement and policy order never matter.
* Actions match case-insensitively, resources case-sensitively; both support ``*`` and
  ``?``.  Resource wildcards match across ``:`` (whole-string glob); the ``Arn*``
  condition operators match component by component like AWS (six components; five for
  ``trn:`` names; a value with fewer is no ARN and matches nothing).
* ``Version``: ``2012-10-17`` or ``2008-10-17``; omitted means ``2008-10-17`` (as in AWS,
  accepted with a warning).  Only ``2012-10-17`` has policy variables: in ``2008-10-17``
  ``${...}`` is literal text (``*``/``?`` stay wildcards where they are wildcards).
* Policy variables ``${key}`` / ``${key, 'default'}`` and the ``${*}``, ``${?}``, ``${$}``
  escapes work in ``Resource``/``NotResource`` and condition values, for any key name
  (``${aws:username}``, ``${ts:username}``...).  Substituted text is always literal.
  ``aws:<name>`` reads ``ts:<name>`` when the context has no ``aws:<name>`` of its own.
  A variable without a value (and no default) never grants: a ``Resource`` entry or a
  positive condition value containing it matches nothing; a ``NotResource`` element or a
  negated condition operator containing it makes the statement not apply.
* Context keys are case-insensitive; values may be str, bool, int, float, datetime or a
  list of those (multi-valued keys); ``None`` counts as absent.  A plain (non-set)
  operator against a list is true if any element matches (negated: if none matches); an
  empty list counts as absent.  See :mod:`.conditions` for operator details.
* ``boundary``/``session_policy`` of ``None`` mean "not in force"; an empty list means "in
  force, allows nothing" (fail closed).
"""

from .document import CompiledPolicy, CompiledStatement, Policy, compile_policy
from .evaluate import PolicySet, evaluate, explain
from .keys import GLOBAL_CONDITION_KEYS, KeyCatalogue, convert_context_value
from .types import (
    Decision,
    Explanation,
    MatchedStatement,
    PolicyValidationError,
    ValidationIssue,
)
from .validation import validate_policy

__all__ = [
    "GLOBAL_CONDITION_KEYS",
    "CompiledPolicy",
    "CompiledStatement",
    "Decision",
    "Explanation",
    "KeyCatalogue",
    "MatchedStatement",
    "Policy",
    "PolicySet",
    "PolicyValidationError",
    "ValidationIssue",
    "compile_policy",
    "convert_context_value",
    "evaluate",
    "explain",
    "validate_policy",
]
