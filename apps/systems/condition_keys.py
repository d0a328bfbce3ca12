"""The request-wide condition keys IAM supplies with every action.

Systems declare per-action keys in their manifests (``permissions[].context_keys``); these
are the ones every request carries (``apps/iam/authorization.py`` ``request_context``), listed
here for the action catalogue that policy authors pick from. ``ts:PrincipalTag/<key>`` stands
for one key per tag on the user.
"""

from __future__ import annotations

from apps.systems.manifests import ContextKey

GLOBAL_CONDITION_KEYS: tuple[ContextKey, ...] = (
    ContextKey("ts:SourceIp", "IpAddress", "The IP address the request came from"),
    ContextKey("ts:CurrentTime", "Date", "The date and time of the request"),
    ContextKey("ts:SecureTransport", "Bool", "Whether the request came over HTTPS"),
    ContextKey(
        "ts:MultiFactorAuthPresent", "Bool", "Whether the session signed in with two-step MFA"
    ),
    ContextKey("ts:username", "String", "The caller's email address"),
    ContextKey("ts:userid", "String", "The caller's user id"),
    ContextKey("ts:PrincipalTag/<key>", "String", "The value of the caller's tag <key>"),
)
