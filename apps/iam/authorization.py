"""IAM's answer to "may this caller perform this action on this resource?".

Account owners may do everything (like an AWS account's root user). Everyone else is
decided by the engine over their policies: attached managed policies (direct, via groups,
via roles) and inline policies (user, groups, roles), intersected with the user's
permissions boundary and, for SDK calls, the access key's session policy. One statement
reads them all (``queries/principals/policies_in_force.sql``).

Compiled :class:`PolicySet` objects are cached in-process, keyed by the tenant's policy
stamp (``iam_policy_stamps.version``), which every IAM write bumps in its transaction. A
request reads the stamp once (one indexed single-row query) and reuses it for every check
it makes; another process's change shows up on the next request.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from apps.core.api.base import django_request
from apps.core.api.resources import trn
from apps.iam import selectors
from apps.iam.engine import (
    CompiledPolicy,
    Decision,
    PolicySet,
    PolicyValidationError,
    compile_policy,
)
from apps.iam.models import User
from apps.iam.permissions import Iam
from apps.tenants.context import current_tenant_id

logger = logging.getLogger(__name__)

CACHE_SIZE = 2048
MFA_SESSION_KEY = "ts_mfa"
_ALLOW_ALL = compile_policy(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    name="AccountOwner",
)

_cache: OrderedDict[tuple[Any, ...], PolicySet] = OrderedDict()
_lock = threading.Lock()


def current_stamp() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM iam_policy_stamps")
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# tenant id -> (stamp, monotonic time read); used only when IAM_STAMP_MAX_AGE_MS > 0.
_recent_stamps: dict[int, tuple[int, float]] = {}


def forget_recent_stamp(tenant_id: int | None) -> None:
    """Called by IAM writes: this process never reuses a stamp older than its own change."""
    if tenant_id is not None:
        _recent_stamps.pop(tenant_id, None)


def request_stamp(request: HttpRequest) -> int:
    """The tenant's stamp, read once per request (the first check pays one query).

    With ``IAM_STAMP_MAX_AGE_MS`` > 0 a process may reuse a stamp it read less than that
    long ago (no query at all), so another process's change is seen up to that much later.
    """
    stamp = getattr(request, "_iam_stamp", None)
    if stamp is not None:
        return int(stamp)
    max_age = getattr(settings, "IAM_STAMP_MAX_AGE_MS", 0) / 1000
    tenant_id = current_tenant_id()
    now = time.monotonic()
    recent = _recent_stamps.get(tenant_id) if max_age > 0 and tenant_id is not None else None
    if recent is not None and now - recent[1] < max_age:
        stamp = recent[0]
    else:
        stamp = current_stamp()
        if max_age > 0 and tenant_id is not None:
            _recent_stamps[tenant_id] = (stamp, now)
    request._iam_stamp = stamp  # type: ignore[attr-defined]
    return int(stamp)


def _compile(
    kind_name_docs: list[tuple[str, str, str]],
) -> tuple[list[CompiledPolicy], list[CompiledPolicy] | None]:
    identity: list[CompiledPolicy] = []
    boundary: list[CompiledPolicy] | None = None
    for kind, name, text in kind_name_docs:
        try:
            compiled = compile_policy(json.loads(text), name=name)
        except PolicyValidationError:  # validated on save; never let a bad row grant
            logger.error("stored IAM policy %s does not compile; ignored", name)
            if kind == "boundary":
                boundary = []
            continue
        if kind == "boundary":
            boundary = [*(boundary or []), compiled]
        else:
            identity.append(compiled)
    return identity, boundary


def load_policy_set(user_id: int, session: list[CompiledPolicy] | None = None) -> PolicySet:
    identity, boundary = _compile(selectors.policies_in_force(user_id))
    return PolicySet(identity, boundary=boundary, session=session)


def policy_set_for(
    user: User,
    *,
    stamp: int,
    session_key: str | None = None,
    session_policy: Mapping[str, Any] | None = None,
) -> PolicySet:
    """The user's compiled policies (cached per tenant, user, key and stamp)."""
    cache_key = (user.tenant_id, user.pk, session_key, stamp)
    with _lock:
        found = _cache.get(cache_key)
        if found is not None:
            _cache.move_to_end(cache_key)
            return found
    session = None
    if session_policy is not None:
        try:
            session = [compile_policy(session_policy, name=f"session/{session_key}")]
        except PolicyValidationError:
            session = []
    if user.is_account_owner:
        policy_set = PolicySet([_ALLOW_ALL], session=session)
    else:
        policy_set = load_policy_set(user.pk, session)
    with _lock:
        _cache[cache_key] = policy_set
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return policy_set


def cache_clear() -> None:
    with _lock:
        _cache.clear()
    _recent_stamps.clear()


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def request_context(request: HttpRequest, user: User) -> dict[str, Any]:
    """Context keys for a request (built once per request)."""
    cached = getattr(request, "_iam_context", None)
    if cached is not None and cached.get("ts:userid") == str(user.pk):
        return dict(cached)
    session = getattr(request, "session", None)
    context: dict[str, Any] = {
        "ts:SourceIp": client_ip(request),
        "ts:CurrentTime": timezone.now(),
        "ts:SecureTransport": request.is_secure(),
        "ts:MultiFactorAuthPresent": bool(session.get(MFA_SESSION_KEY))
        if session is not None
        else False,
        "ts:username": user.email,
        "ts:userid": str(user.pk),
    }
    for key, value in (user.tags or {}).items():
        context[f"ts:PrincipalTag/{key}"] = value
    request._iam_context = context  # type: ignore[attr-defined]
    return dict(context)


def _principal_policies(
    request: Request | HttpRequest, action_context: Mapping[str, Any] | None
) -> tuple[PolicySet, dict[str, Any]] | bool:
    """The caller's policy set and request context, or a fixed answer (owner / nobody)."""
    raw = django_request(request)
    candidate = getattr(raw, "iam_principal", None) or getattr(request, "user", None)
    if not isinstance(candidate, User):  # also resolves a lazy session user
        return False
    # Skip the lazy proxy on every later attribute access.
    user: User = getattr(candidate, "_wrapped", candidate)
    if not user.is_active:
        return False
    access_key = getattr(raw, "iam_access_key", None)
    if user.is_account_owner and access_key is None:
        return True
    policy_set = policy_set_for(
        user,
        stamp=request_stamp(raw),
        session_key=access_key.key_id if access_key is not None else None,
        session_policy=access_key.session_policy if access_key is not None else None,
    )
    context = request_context(raw, user)
    if action_context:
        # Request-wide ts:* keys cannot be overridden by a view's per-action keys.
        context.update({k: v for k, v in action_context.items() if not k.startswith("ts:")})
    return policy_set, context


def is_allowed(
    request: Request | HttpRequest,
    action: str,
    resource: str,
    action_context: Mapping[str, Any] | None = None,
) -> bool:
    found = _principal_policies(request, action_context)
    if isinstance(found, bool):
        return found
    policy_set, context = found
    return policy_set.evaluate(action, resource, context) is Decision.ALLOW


def explain_denial(
    request: Request | HttpRequest,
    action: str,
    resource: str,
    action_context: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Which policy statement refused ``action`` — only for callers who may read policies.

    ``reason`` is ``explicit_deny`` (with the deciding statements) or ``not_granted``
    (no statement allows it, or a boundary / access-key session policy does not).
    """
    found = _principal_policies(request, action_context)
    if isinstance(found, bool):
        return None
    policy_set, context = found
    may_read = (
        policy_set.evaluate(Iam.POLICIES_READ, trn(request, "iam", "*"), context) is Decision.ALLOW
    )
    if not may_read:
        return None
    explanation = policy_set.explain(action, resource, context)
    statements = [
        {"policy": s.policy, "sid": s.sid, "source": s.source} for s in explanation.statements
    ]
    if explanation.decision is Decision.EXPLICIT_DENY:
        named = ", ".join(
            f"policy {s['policy']}" + (f" (statement {s['sid']})" if s["sid"] else "")
            for s in statements
        )
        return {
            "reason": "explicit_deny",
            "statements": statements,
            "summary": f"Denied by {named}.",
        }
    return {
        "reason": "not_granted",
        "statements": [],
        "summary": f"No policy grants it ({explanation.reason}).",
    }
