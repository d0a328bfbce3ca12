"""IAM writes on groups, roles, policies, attachments, inline policies and boundaries.

Every function assumes the caller was authorised (the admin API checked the action), runs
in the request's tenant transaction, bumps the tenant's policy stamp (so every process
drops its compiled policy sets) and writes an audit event.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import IntegrityError, connection, transaction
from django.db.models import Max, Model
from django.utils import timezone

from apps.core.errors import Conflict, NotFound, ValidationFailed
from apps.iam.audit import audit_record
from apps.iam.email_address import canonical_email
from apps.iam.engine import PolicyValidationError, validate_policy
from apps.iam.models import (
    Group,
    GroupMembership,
    InlinePolicy,
    ManagedPolicy,
    PolicyAttachment,
    PolicyVersion,
    Role,
    RoleAssignment,
    User,
)
from apps.systems import registry
from apps.tenants.context import current_tenant_id
from apps.tenants.models import Tenant

MAX_DOCUMENT_CHARS = 20_000
M = TypeVar("M", bound=Model)
Principal = User | Group | Role


@dataclass(frozen=True)
class Saved:
    """A written object plus the validation warnings of the document it stores."""

    obj: Any
    warnings: list[dict[str, str]] = field(default_factory=list)


def policy_stamp_bump() -> None:
    """Advance this tenant's policy stamp (one upsert; the row is created on first use)."""
    from apps.iam.authorization import forget_recent_stamp

    forget_recent_stamp(current_tenant_id())
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO iam_policy_stamps (version) VALUES (1)"
            " ON CONFLICT (tenant_id) DO UPDATE SET version = iam_policy_stamps.version + 1"
        )


def policy_document_check(document: Any) -> list[dict[str, str]]:
    """Validate a policy document: 400 ``invalid_policy`` with errors keyed by JSON pointer,
    else the warnings (e.g. actions no installed system defines)."""
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
        warnings = validate_policy(document, known_actions=registry.all_actions())
    except PolicyValidationError as exc:
        errors: dict[str, list[str]] = {}
        for issue in exc.issues:
            errors.setdefault(issue.pointer, []).append(issue.message)
        raise ValidationFailed(
            "The policy document is not valid.", code="invalid_policy", errors=errors
        ) from exc
    return [{"pointer": w.pointer, "message": w.message, "code": w.code} for w in warnings]


def iam_changed(
    *, actor: User | None, action: str, target: str, details: dict[str, Any] | None = None
) -> None:
    policy_stamp_bump()
    audit_record(actor=actor, action=action, target=target, details=details)


def target_of(obj: Model) -> str:
    kinds: dict[type[Model], str] = {
        User: "user",
        Group: "group",
        Role: "role",
        ManagedPolicy: "policy",
    }
    kind = kinds.get(type(obj), "object")
    return f"{kind}/{obj.pk}"


def _unique(fn: Any, what: str) -> Any:
    try:
        with transaction.atomic():
            return fn()
    except IntegrityError as exc:
        raise Conflict(f"{what} already exists.", code="already_exists") from exc


# --- users ---------------------------------------------------------------------------


def user_create(
    *,
    actor: User | None,
    email: str,
    name: str = "",
    password: str | None = None,
    admin_panel_access: bool = False,
) -> User:
    """Create a user; without a password the user is invited by email to choose one."""
    email = canonical_email(email)
    user: User = _unique(
        lambda: User.objects.create_user(
            email=email, password=password, name=name, admin_panel_access=admin_panel_access
        ),
        "A user with this email",
    )
    iam_changed(
        actor=actor, action="iam:users:create", target=target_of(user), details={"email": email}
    )
    if password is None:
        from apps.iam.services.accounts import user_send_invitation

        user_send_invitation(tenant=Tenant.objects.get(pk=user.tenant_id), user=user)
    return user


def user_update(*, actor: User | None, user: User, changes: dict[str, Any]) -> User:
    allowed = {"name", "admin_panel_access", "tags"}
    fields = [k for k in changes if k in allowed]
    for key in fields:
        setattr(user, key, changes[key])
    if fields:
        user.save(update_fields=fields)
    iam_changed(
        actor=actor, action="iam:users:update", target=target_of(user), details={"fields": fields}
    )
    return user


def user_set_status(*, actor: User | None, user: User, status: str) -> User:
    if user.is_account_owner and status == User.Status.SUSPENDED:
        raise Conflict("The account owner cannot be suspended.", code="owner_locked")
    user.status = status
    user.save(update_fields=["status"])
    iam_changed(
        actor=actor,
        action=f"iam:users:{'suspend' if status == 'suspended' else 'unsuspend'}",
        target=target_of(user),
    )
    return user


def user_reset_mfa(*, actor: User | None, user: User) -> User:
    from apps.iam.services.accounts import mfa_clear

    mfa_clear(user=user)
    iam_changed(actor=actor, action="iam:users:reset_mfa", target=target_of(user))
    return user


def user_delete(*, actor: User | None, user: User) -> None:
    if user.is_account_owner:
        raise Conflict("The account owner cannot be deleted.", code="owner_locked")
    if actor is not None and actor.pk == user.pk:
        raise Conflict("You cannot delete yourself.", code="self_delete")
    target = target_of(user)
    user.delete()
    iam_changed(actor=actor, action="iam:users:delete", target=target)


# --- groups and roles ----------------------------------------------------------------


def group_create(*, actor: User | None, name: str, description: str = "") -> Group:
    group: Group = _unique(
        lambda: Group.objects.create(name=name, description=description), "A group with this name"
    )
    iam_changed(
        actor=actor, action="iam:groups:create", target=target_of(group), details={"name": name}
    )
    return group


def group_update(
    *, actor: User | None, group: Group, name: str | None = None, description: str | None = None
) -> Group:
    if name is not None:
        group.name = name
    if description is not None:
        group.description = description
    _unique(lambda: group.save(), "A group with this name")
    iam_changed(actor=actor, action="iam:groups:update", target=target_of(group))
    return group


def group_delete(*, actor: User | None, group: Group) -> None:
    target = target_of(group)
    group.delete()
    iam_changed(actor=actor, action="iam:groups:delete", target=target)


def group_add_member(*, actor: User | None, group: Group, user: User) -> None:
    GroupMembership.objects.get_or_create(group=group, user=user)
    iam_changed(
        actor=actor,
        action="iam:groups:add_member",
        target=target_of(group),
        details={"user_id": user.pk},
    )


def group_remove_member(*, actor: User | None, group: Group, user: User) -> None:
    GroupMembership.objects.filter(group=group, user=user).delete()
    iam_changed(
        actor=actor,
        action="iam:groups:remove_member",
        target=target_of(group),
        details={"user_id": user.pk},
    )


def role_create(*, actor: User | None, name: str, description: str = "") -> Role:
    role: Role = _unique(
        lambda: Role.objects.create(name=name, description=description), "A role with this name"
    )
    iam_changed(
        actor=actor, action="iam:roles:create", target=target_of(role), details={"name": name}
    )
    return role


def role_update(
    *, actor: User | None, role: Role, name: str | None = None, description: str | None = None
) -> Role:
    if name is not None:
        role.name = name
    if description is not None:
        role.description = description
    _unique(lambda: role.save(), "A role with this name")
    iam_changed(actor=actor, action="iam:roles:update", target=target_of(role))
    return role


def role_delete(*, actor: User | None, role: Role) -> None:
    target = target_of(role)
    role.delete()
    iam_changed(actor=actor, action="iam:roles:delete", target=target)


def role_assign(*, actor: User | None, role: Role, user: User) -> None:
    RoleAssignment.objects.get_or_create(role=role, user=user)
    iam_changed(
        actor=actor, action="iam:roles:assign", target=target_of(role), details={"user_id": user.pk}
    )


def role_unassign(*, actor: User | None, role: Role, user: User) -> None:
    RoleAssignment.objects.filter(role=role, user=user).delete()
    iam_changed(
        actor=actor,
        action="iam:roles:unassign",
        target=target_of(role),
        details={"user_id": user.pk},
    )


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

    policy: ManagedPolicy = _unique(create, "A policy with this name")
    iam_changed(
        actor=actor, action="iam:policies:create", target=target_of(policy), details={"name": name}
    )
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
    _unique(lambda: policy.save(), "A policy with this name")
    iam_changed(actor=actor, action="iam:policies:update", target=target_of(policy))
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
    if set_default:
        policy.default_version = number
    policy.updated_at = timezone.now()
    policy.save(update_fields=["default_version", "updated_at"])
    iam_changed(
        actor=actor,
        action="iam:policies:create_version",
        target=target_of(policy),
        details={"version": number},
    )
    return Saved(version, warnings)


def policy_version_set_default(
    *, actor: User | None, policy: ManagedPolicy, number: int
) -> ManagedPolicy:
    _editable(policy)
    if not policy.versions.filter(number=number).exists():
        raise NotFound("No such policy version.")
    policy.default_version = number
    policy.updated_at = timezone.now()
    policy.save(update_fields=["default_version", "updated_at"])
    iam_changed(
        actor=actor,
        action="iam:policies:set_default_version",
        target=target_of(policy),
        details={"version": number},
    )
    return policy


def policy_version_delete(*, actor: User | None, policy: ManagedPolicy, number: int) -> None:
    _editable(policy)
    if number == policy.default_version:
        raise Conflict("The default version cannot be deleted.", code="default_version")
    deleted, _ = policy.versions.filter(number=number).delete()
    if not deleted:
        raise NotFound("No such policy version.")
    iam_changed(
        actor=actor,
        action="iam:policies:delete_version",
        target=target_of(policy),
        details={"version": number},
    )


def _principal_kwargs(principal: Principal) -> dict[str, Any]:
    if isinstance(principal, User):
        return {"user": principal}
    if isinstance(principal, Group):
        return {"group": principal}
    return {"role": principal}


def policy_attach(*, actor: User | None, policy: ManagedPolicy, principal: Principal) -> None:
    PolicyAttachment.objects.get_or_create(policy=policy, **_principal_kwargs(principal))
    iam_changed(
        actor=actor,
        action="iam:policies:attach",
        target=target_of(principal),
        details={"policy_id": policy.pk},
    )


def policy_detach(*, actor: User | None, policy: ManagedPolicy, principal: Principal) -> None:
    deleted, _ = PolicyAttachment.objects.filter(
        policy=policy, **_principal_kwargs(principal)
    ).delete()
    if not deleted:
        raise NotFound("The policy is not attached.")
    iam_changed(
        actor=actor,
        action="iam:policies:detach",
        target=target_of(principal),
        details={"policy_id": policy.pk},
    )


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
    iam_changed(
        actor=actor,
        action="iam:inline_policies:put",
        target=target_of(principal),
        details={"name": name},
    )
    return Saved(inline, warnings)


def user_put_inline_policy(
    *, actor: User | None, user: User, name: str, document: dict[str, Any]
) -> Any:
    """Create or replace ``user``'s inline policy ``name`` (validated, stamped, audited)."""
    return inline_policy_put(actor=actor, principal=user, name=name, document=document)


def inline_policy_delete(*, actor: User | None, principal: Principal, name: str) -> None:
    deleted, _ = InlinePolicy.objects.filter(name=name, **_principal_kwargs(principal)).delete()
    if not deleted:
        raise NotFound("No such inline policy.")
    iam_changed(
        actor=actor,
        action="iam:inline_policies:delete",
        target=target_of(principal),
        details={"name": name},
    )


def boundary_put(*, actor: User | None, user: User, policy: ManagedPolicy) -> User:
    user.permissions_boundary = policy
    user.save(update_fields=["permissions_boundary"])
    iam_changed(
        actor=actor,
        action="iam:users:put_boundary",
        target=target_of(user),
        details={"policy_id": policy.pk},
    )
    return user


def boundary_delete(*, actor: User | None, user: User) -> User:
    user.permissions_boundary = None
    user.save(update_fields=["permissions_boundary"])
    iam_changed(actor=actor, action="iam:users:delete_boundary", target=target_of(user))
    return user
