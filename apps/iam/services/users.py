"""IAM writes on users made by an admin: create, update, suspend, reset MFA, delete.

Every function assumes the caller was authorised (the admin API checked the action), runs
in the request's tenant transaction, bumps the policy stamp and writes an audit event.
Self-service account writes (sign-up, passwords, MFA) are in :mod:`.accounts`.
"""

from __future__ import annotations

from typing import Any

from apps.core.errors import Conflict
from apps.iam.email_address import canonical_email
from apps.iam.models import User
from apps.iam.services.accounts import (
    account_create,
    invitation_request,
    mfa_clear,
    password_policy_check,
)
from apps.iam.services.changes import iam_changed, object_changed, target_of, unique


def user_create(
    *,
    actor: User | None,
    email: str,
    name: str = "",
    password: str | None = None,
    admin_panel_access: bool = False,
) -> User:
    """Create a user; without a password the user is invited by email to choose one (the
    mail is sent by a worker after commit). Emits ``user.created``.

    A password given by the admin must pass the same policy as everyone's own.
    """
    email = canonical_email(email)
    if password is not None:
        password_policy_check(password, email=email, name=name)
    invited = password is None
    user = unique(
        lambda: account_create(
            email=email,
            password=password,
            name=name,
            admin_panel_access=admin_panel_access,
            source="admin",
            invited=invited,
        ),
        "A user with this email",
    )
    object_changed(actor=actor, action="iam:users:create", obj=user, email=email)
    if invited:
        invitation_request(actor=actor, user=user)
    return user


def user_update(*, actor: User | None, user: User, changes: dict[str, Any]) -> User:
    allowed = {"name", "admin_panel_access", "tags"}
    fields = [k for k in changes if k in allowed]
    for key in fields:
        setattr(user, key, changes[key])
    if fields:
        user.save(update_fields=fields)
    object_changed(actor=actor, action="iam:users:update", obj=user, fields=fields)
    return user


def user_set_status(*, actor: User | None, user: User, status: str) -> User:
    if user.is_account_owner and status == User.Status.SUSPENDED:
        raise Conflict("The account owner cannot be suspended.", code="owner_locked")
    user.status = status
    user.save(update_fields=["status"])
    verb = "suspend" if status == User.Status.SUSPENDED else "unsuspend"
    object_changed(actor=actor, action=f"iam:users:{verb}", obj=user)
    return user


def user_reset_mfa(*, actor: User | None, user: User) -> User:
    mfa_clear(user=user)
    object_changed(actor=actor, action="iam:users:reset_mfa", obj=user)
    return user


def user_delete(*, actor: User | None, user: User) -> None:
    if user.is_account_owner:
        raise Conflict("The account owner cannot be deleted.", code="owner_locked")
    if actor is not None and actor.pk == user.pk:
        raise Conflict("You cannot delete yourself.", code="self_delete")
    target = target_of(user)
    user.delete()
    iam_changed(actor=actor, action="iam:users:delete", target=target)
