"""IAM writes on managed policies, attachments, inline policies and boundaries.

Every function assumes the caller was authorised (the admin API checked the action), runs
in the request's tenant transaction, bumps the tenant's policy stamp (so every process
drops its compiled policy sets) and writes an audit event. Users are written by
:mod:`.users`, groups and roles by :mod:`.holders`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max
from django.utils import timezone

from apps.core.errors import Conflict, NotFound, ValidationFailed
from apps.iam.engine import GLOBAL_CONDITION_KEYS, PolicyValidationError, validate_policy
from apps.iam.models import (
    Group,
    InlinePolicy,
    ManagedPolicy,
    PolicyAttachment,
    PolicyVersion,
    Role,
    User,
)
from apps.iam.principals import principal_kind_of
from apps.iam.services.changes import (
    delete_existing,
    iam_changed,
    object_changed,
    target_of,
    unique,
)

# Kept importable from here for existing callers (bench/iam_request.py).
from apps.iam.services.holders import group_add_member as group_add_member
from apps.iam.services.holders import role_assign as role_assign
from apps.systems import registry

MAX_DOCUMENT_CHARS = 20_000
Principal = User | Group | Role


@dataclass(frozen=True)
class Saved:
    """A written object plus the validation warnings of the document it stores."""

    obj: Any
    warnings: list[dict[str, str]] = field(default_factory=list)


def condition_key_types() -> dict[str, str]:
    """Every condition key a request may carry, with its type: the engine's global keys
    (``ts:SourceIp``..., ``ts:PrincipalTag/*``) and each installed system's declared
    per-action keys (``permissions[].context_keys`` in ``system.json``)."""
    types = dict(GLOBAL_CONDITION_KEYS)
    for manifest in registry.catalogue().values():
        for permission in manifest.permissions:
            for context_key in permission.context_keys:
                types.setdefault(context_key.key, context_key.type)
    return types


def policy_document_check(document: Any) -> list[dict[str, str]]:
    """Validate a policy document: 400 ``invalid_policy`` with errors keyed by JSON pointer,
    else the warnings (e.g. actions no installed system defines, condition keys no request
    carries, a missing ``Version``)."""
    if not isinstance(document, dict):
        raise ValidationFailed(
            "A policy document must be a JSON object.",
            code="invalid_policy",
            errors={"": ["must be a JSON object"]},
        )
    if len(json.dumps(document)) > MAX_DOCUMENT_CHARS:
        raise ValidationFailed(
            f"A policy document may have at most {MAX_DOCUMENT_CHARS} characters.",
            code="invalid_policy",
            errors={"": ["too large"]},
        )
    try:
        warnings = validate_policy(
            document,
            known_actions=registry.all_actions(),
            known_condition_keys=condition_key_types(),
        )
    except PolicyValidationError as exc:
        errors: dict[str, list[str]] = {}
        for issue in exc.issues:
            errors.setdefault(issue.pointer, []).append(issue.message)
        raise ValidationFailed(
            "The policy document is not valid.", code="invalid_policy", errors=errors
        ) from exc
    return [{"pointer": w.pointer, "message": w.message, "code": w.code} for w in warnings]


# --- managed policies ----------------------------------------------------------------


def _editable(policy: ManagedPolicy) -> None:
    if policy.system_managed:
        raise Conflict(
            "Policies managed by TeacherSeat cannot be changed.", code="managed_policy_locked"
        )


def policy_create(
    *, actor: User | None, name: str, document: dict[str, Any], description: str = ""
) -> Saved:
    warnings = policy_document_check(document)

    def create() -> ManagedPolicy:
        policy: ManagedPolicy = ManagedPolicy.objects.create(name=name, description=description)
        PolicyVersion.objects.create(policy=policy, number=1, document=document)
        return policy

    policy = unique(create, "A policy with this name")
    object_changed(actor=actor, action="iam:policies:create", obj=policy, name=name)
    return Saved(policy, warnings)


def policy_update(
    *,
    actor: User | None,
    policy: ManagedPolicy,
    name: str | None = None,
    description: str | None = None,
) -> ManagedPolicy:
    _editable(policy)
    if name is not None:
        policy.name = name
    if description is not None:
        policy.description = description
    policy.updated_at = timezone.now()
    unique(policy.save, "A policy with this name")
    object_changed(actor=actor, action="iam:policies:update", obj=policy)
    return policy


def policy_delete(*, actor: User | None, policy: ManagedPolicy) -> None:
    _editable(policy)
    if User.objects.filter(permissions_boundary=policy).exists():
        raise Conflict("The policy is some user's permissions boundary.", code="policy_in_use")
    target = target_of(policy)
    policy.delete()
    iam_changed(actor=actor, action="iam:policies:delete", target=target)


def policy_version_create(
    *,
    actor: User | None,
    policy: ManagedPolicy,
    document: dict[str, Any],
    set_default: bool = False,
) -> Saved:
    _editable(policy)
    warnings = policy_document_check(document)
    policy = ManagedPolicy.objects.select_for_update().get(pk=policy.pk)  # serialise versions
    if policy.versions.count() >= ManagedPolicy.MAX_VERSIONS:
        raise Conflict(
            f"A policy keeps at most {ManagedPolicy.MAX_VERSIONS} versions; delete one first.",
            code="too_many_versions",
        )
    number = (policy.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PolicyVersion.objects.create(policy=policy, number=number, document=document)
    _versions_changed(
        actor=actor, policy=policy, verb="create_version", number=number, default=set_default
    )
    return Saved(version, warnings)


def policy_version_set_default(
    *, actor: User | None, policy: ManagedPolicy, number: int
) -> ManagedPolicy:
    _editable(policy)
    if not policy.versions.filter(number=number).exists():
        raise NotFound("No such policy version.")
    _versions_changed(
        actor=actor, policy=policy, verb="set_default_version", number=number, default=True
    )
    return policy


def policy_version_delete(*, actor: User | None, policy: ManagedPolicy, number: int) -> None:
    _editable(policy)
    if number == policy.default_version:
        raise Conflict("The default version cannot be deleted.", code="default_version")
    delete_existing(policy.versions.filter(number=number), "No such policy version.")
    object_changed(actor=actor, action="iam:policies:delete_version", obj=policy, version=number)


def _versions_changed(
    *, actor: User | None, policy: ManagedPolicy, verb: str, number: int, default: bool
) -> None:
    """After a change to the versions of ``policy``: version ``number`` becomes the default
    (if ``default``), the policy's update time is now, and the change is recorded."""
    if default:
        policy.default_version = number
    policy.updated_at = timezone.now()
    policy.save(update_fields=["default_version", "updated_at"])
    object_changed(actor=actor, action=f"iam:policies:{verb}", obj=policy, version=number)


def _principal_kwargs(principal: Principal) -> dict[str, Any]:
    """The principal as the filter of its column on attachments and inline policies."""
    return {principal_kind_of(principal).name: principal}


def policy_attach(*, actor: User | None, policy: ManagedPolicy, principal: Principal) -> None:
    PolicyAttachment.objects.get_or_create(policy=policy, **_principal_kwargs(principal))
    object_changed(actor=actor, action="iam:policies:attach", obj=principal, policy_id=policy.pk)


def policy_detach(*, actor: User | None, policy: ManagedPolicy, principal: Principal) -> None:
    attached = PolicyAttachment.objects.filter(policy=policy, **_principal_kwargs(principal))
    delete_existing(attached, "The policy is not attached.")
    object_changed(actor=actor, action="iam:policies:detach", obj=principal, policy_id=policy.pk)


# --- inline policies and boundaries --------------------------------------------------


def inline_policy_put(
    *, actor: User | None, principal: Principal, name: str, document: dict[str, Any]
) -> Saved:
    if not name or len(name) > 128:
        raise ValidationFailed("A policy name is required.", errors={"name": ["1-128 characters"]})
    warnings = policy_document_check(document)
    inline, _ = InlinePolicy.objects.update_or_create(
        name=name,
        **_principal_kwargs(principal),
        defaults={"document": document, "updated_at": timezone.now()},
    )
    object_changed(actor=actor, action="iam:inline_policies:put", obj=principal, name=name)
    return Saved(inline, warnings)


def user_put_inline_policy(
    *, actor: User | None, user: User, name: str, document: dict[str, Any]
) -> Any:
    """Create or replace ``user``'s inline policy ``name`` (validated, stamped, audited)."""
    return inline_policy_put(actor=actor, principal=user, name=name, document=document)


def inline_policy_delete(*, actor: User | None, principal: Principal, name: str) -> None:
    inline = InlinePolicy.objects.filter(name=name, **_principal_kwargs(principal))
    delete_existing(inline, "No such inline policy.")
    object_changed(actor=actor, action="iam:inline_policies:delete", obj=principal, name=name)


def boundary_put(*, actor: User | None, user: User, policy: ManagedPolicy) -> User:
    user.permissions_boundary = policy
    user.save(update_fields=["permissions_boundary"])
    object_changed(actor=actor, action="iam:users:put_boundary", obj=user, policy_id=policy.pk)
    return user


def boundary_delete(*, actor: User | None, user: User) -> User:
    user.permissions_boundary = None
    user.save(update_fields=["permissions_boundary"])
    object_changed(actor=actor, action="iam:users:delete_boundary", obj=user)
    return user
