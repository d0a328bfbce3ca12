"""The policy simulator: would a user, or a set of policy documents, be allowed, and why?

Nothing is written: the simulator evaluates with the same engine and the same compiled
policies as real requests. The caller was authorised (``policies:simulate``) and, for a
user, resolved the id within the tenant (``selectors.access_user``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from apps.core.errors import ValidationFailed
from apps.iam import authorization
from apps.iam.engine import PolicySet, compile_policy
from apps.iam.models import User
from apps.iam.services.policies import policy_document_check


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


def policy_simulate_user(
    *, user: User, stamp: int, action: str, resource: str, context: Mapping[str, Any]
) -> dict[str, Any]:
    """Would ``user`` be allowed? Their policies in force (as cached under the request's
    policy ``stamp``), with their request-independent context keys as defaults."""
    context = dict(context)
    context.setdefault("ts:username", user.email)
    context.setdefault("ts:userid", str(user.pk))
    for key, value in (user.tags or {}).items():
        context.setdefault(f"ts:PrincipalTag/{key}", value)
    policy_set = authorization.policy_set_for(user, stamp=stamp)
    return _explained(policy_set, action, resource, context)


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
    policy_set = PolicySet(
        [compile_policy(d, name=f"policies[{i}]") for i, d in enumerate(policies)],
        boundary=None if boundary is None else [compile_policy(boundary, name="boundary")],
    )
    return _explained(policy_set, action, resource, dict(context))


def _explained(
    policy_set: PolicySet, action: str, resource: str, context: dict[str, Any]
) -> dict[str, Any]:
    """The decision, its reason and the statements that decided it."""
    explanation = policy_set.explain(action, resource, context)
    return {
        "decision": str(explanation.decision),
        "reason": explanation.reason,
        "statements": [
            {"policy": s.policy, "sid": s.sid, "effect": s.effect, "source": s.source}
            for s in explanation.statements
        ],
    }
