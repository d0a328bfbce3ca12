"""The policy simulator: would a user, or a set of policy documents, be allowed, and why?

Nothing is written: the simulator evaluates with the same engine and the same compiled
policies as real requests. The caller was authorised (``policies:simulate``) and, for a
user, resolved the id within the tenant (``selectors.access_user``).

Context values arrive as JSON, where a boolean or a number is often written as a string;
each value of a known condition key (global ``ts:*``/``aws:*`` keys and the keys systems
declare in their manifests) is converted to its key's type, as a real request would carry
it, and the answer shows the typed context that was used.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from apps.core.errors import ValidationFailed
from apps.iam import authorization
from apps.iam.engine import KeyCatalogue, PolicySet, compile_policy, convert_context_value
from apps.iam.models import User
from apps.iam.services.policies import condition_key_types, policy_document_check


def _check_documents(documents: Sequence[Any], prefix: str) -> None:
    """400 ``invalid_policy`` with every document's errors under ``<prefix>/<index>``."""
    errors: dict[str, list[str]] = {}
    for index, document in enumerate(documents):
        try:
            policy_document_check(document)
        except ValidationFailed as exc:
            for pointer, messages in (exc.errors or {}).items():
                errors[f"{prefix}/{index}{pointer}"] = messages
    if errors:
        raise ValidationFailed(
            "A policy document is not valid.", code="invalid_policy", errors=errors
        )


def _pointer(key: str) -> str:
    return "/context/" + key.replace("~", "~0").replace("/", "~1")


def typed_context(context: Mapping[str, Any]) -> dict[str, Any]:
    """``context`` with each known key's value converted to the key's type; keys nobody
    declares pass through as given. 400 ``validation_error`` naming every key whose value
    does not fit its type."""
    catalogue = KeyCatalogue(condition_key_types())
    typed: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    misfits: list[str] = []
    for key, value in context.items():
        key_type = catalogue.type_of(key)
        if key_type is None:
            typed[key] = value
            continue
        try:
            typed[key] = convert_context_value(key_type, value)
        except ValueError as exc:
            errors[_pointer(key)] = [f"{key} is a {key_type} key: {exc}"]
            misfits.append(key)
    if errors:
        raise ValidationFailed(
            f"A context value does not fit its condition key's type: {', '.join(misfits)}.",
            errors=errors,
        )
    return typed


def policy_simulate_user(
    *, user: User, stamp: int, action: str, resource: str, context: Mapping[str, Any]
) -> dict[str, Any]:
    """Would ``user`` be allowed? Their policies in force (as cached under the request's
    policy ``stamp``), with their request-independent context keys as defaults."""
    typed = typed_context(context)
    given = {key.lower() for key in typed}
    defaults: dict[str, Any] = {"ts:username": user.email, "ts:userid": str(user.pk)}
    for key, value in (user.tags or {}).items():
        defaults[f"ts:PrincipalTag/{key}"] = value
    for key, value in defaults.items():
        if key.lower() not in given:
            typed[key] = value
    policy_set = authorization.policy_set_for(user, stamp=stamp)
    return _explained(policy_set, action, resource, typed)


def policy_simulate_documents(
    *,
    policies: Sequence[Any],
    boundary: Mapping[str, Any] | None,
    action: str,
    resource: str,
    context: Mapping[str, Any],
) -> dict[str, Any]:
    """Would these policy documents (within an optional boundary) allow it? 400
    ``invalid_policy`` if a document is not valid."""
    _check_documents(policies, "/policies")
    if boundary is not None:
        _check_documents([boundary], "/boundary")
    typed = typed_context(context)
    policy_set = PolicySet(
        [compile_policy(d, name=f"policies[{i}]") for i, d in enumerate(policies)],
        boundary=None if boundary is None else [compile_policy(boundary, name="boundary")],
    )
    return _explained(policy_set, action, resource, typed)


def _explained(
    policy_set: PolicySet, action: str, resource: str, context: dict[str, Any]
) -> dict[str, Any]:
    """The decision, its reason, the statements that decided it and the context used."""
    explanation = policy_set.explain(action, resource, context)
    return {
        "decision": str(explanation.decision),
        "reason": explanation.reason,
        "statements": [
            {"policy": s.policy, "sid": s.sid, "effect": s.effect, "source": s.source}
            for s in explanation.statements
        ],
        "context": context,
    }
