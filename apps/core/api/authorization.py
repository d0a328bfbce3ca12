"""Hooks the API base classes call; the systems and IAM apps plug their logic in here.

Keeping the hooks in the shared kernel lets ``apps.core`` stay free of imports from other
apps while every namespace still goes through one enforcement point.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from rest_framework.request import Request

from apps.core.api.resources import system_of, trn

RegisteredCheck = Callable[[Request, str], bool]
Authorizer = Callable[[Request, str, str, Mapping[str, Any] | None], bool]
SdkAuthenticator = Callable[[Request], Any]
DenialExplainer = Callable[[Request, str, str, Mapping[str, Any] | None], dict[str, Any] | None]
Auditor = Callable[..., None]


def _deny(
    request: Request, action: str, resource: str, context: Mapping[str, Any] | None = None
) -> bool:
    return False


def _always_registered(request: Request, system_label: str) -> bool:
    return True


def _no_sdk_principal(request: Request) -> Any:
    return None


def _no_audit(request: Request, **event: Any) -> None:
    return None


def _no_explanation(
    request: Request, action: str, resource: str, context: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    return None


_hooks: dict[str, Any] = {
    "registered": _always_registered,
    "authorizer": _deny,
    "sdk_authenticator": _no_sdk_principal,
    "denial_explainer": _no_explanation,
    "auditor": _no_audit,
}


def install(
    *,
    registered: RegisteredCheck | None = None,
    authorizer: Authorizer | None = None,
    sdk_authenticator: SdkAuthenticator | None = None,
    denial_explainer: DenialExplainer | None = None,
    auditor: Auditor | None = None,
) -> None:
    if registered is not None:
        _hooks["registered"] = registered
    if authorizer is not None:
        _hooks["authorizer"] = authorizer
    if sdk_authenticator is not None:
        _hooks["sdk_authenticator"] = sdk_authenticator
    if denial_explainer is not None:
        _hooks["denial_explainer"] = denial_explainer
    if auditor is not None:
        _hooks["auditor"] = auditor


def system_is_registered(request: Request, system_label: str) -> bool:
    return bool(_hooks["registered"](request, system_label))


def is_allowed(
    request: Request, action: str, resource: str, context: Mapping[str, Any] | None = None
) -> bool:
    """``context`` carries the per-action condition keys a system declares for the action."""
    return bool(_hooks["authorizer"](request, action, resource, context))


def audit(request: Request, *, action: str, resource: str, outcome: str, status: int) -> None:
    """Record an API event in the audit trail (a write that succeeded, a refusal)."""
    _hooks["auditor"](request, action=action, resource=resource, outcome=outcome, status=status)


def explain_denial(
    request: Request, action: str, resource: str, context: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """Why ``action`` was refused, for callers allowed to see policies; else ``None``."""
    explanation: dict[str, Any] | None = _hooks["denial_explainer"](
        request, action, resource, context
    )
    return explanation


def allowed_actions(request: Request, actions: list[str]) -> list[str]:
    """The actions the caller may perform somewhere in its academy (one decision each).

    Used for what the panels show (services menu, who-am-I); each action is checked on its
    system's wildcard resource, ``trn:teacherseat:<tenant>:<system>:*``.
    """
    return [a for a in actions if is_allowed(request, a, trn(request, system_of(a)))]


def authenticate_sdk(request: Request) -> Any:
    return _hooks["sdk_authenticator"](request)
