"""IAM writes on principal holders (groups, roles): one implementation for every kind.

What differs between the kinds (table, membership table, audit verbs) is declared in
:mod:`apps.iam.principals`; a holder's kind follows from its model. Every function
assumes the caller was authorised, runs in the request's tenant transaction, bumps the
policy stamp and writes an audit event.
"""

from __future__ import annotations

from typing import Any, TypeVar

from apps.iam.models import Group, Role, User
from apps.iam.principals import PrincipalHolderKind, holder_kind_of
from apps.iam.services.changes import iam_changed, object_changed, unique

Holder = Group | Role
H = TypeVar("H", Group, Role)


def holder_create(
    *, actor: User | None, kind: PrincipalHolderKind[H], name: str, description: str = ""
) -> H:
    holder: H = unique(
        lambda: kind.model.objects.create(name=name, description=description),
        f"A {kind.name} with this name",
    )
    object_changed(actor=actor, action=kind.audit_action("create"), obj=holder, name=name)
    return holder


def holder_update(
    *, actor: User | None, holder: Holder, name: str | None = None, description: str | None = None
) -> Holder:
    kind = holder_kind_of(holder)
    if name is not None:
        holder.name = name
    if description is not None:
        holder.description = description
    unique(holder.save, f"A {kind.name} with this name")
    object_changed(actor=actor, action=kind.audit_action("update"), obj=holder)
    return holder


def holder_delete(*, actor: User | None, holder: Holder) -> None:
    kind = holder_kind_of(holder)
    target = kind.target(holder.pk)
    holder.delete()
    iam_changed(actor=actor, action=kind.audit_action("delete"), target=target)


def _membership(kind: PrincipalHolderKind[Any], holder: Holder, user: User) -> dict[str, Any]:
    """The membership row's fields: the holder's foreign key is named after its kind."""
    return {kind.name: holder, "user": user}


def holder_user_add(*, actor: User | None, holder: Holder, user: User) -> None:
    """Put ``user`` in ``holder`` (a group's member, a role's assigned user); idempotent."""
    kind = holder_kind_of(holder)
    kind.membership._default_manager.get_or_create(**_membership(kind, holder, user))
    object_changed(actor=actor, action=kind.audit_action(kind.added), obj=holder, user_id=user.pk)


def holder_user_remove(*, actor: User | None, holder: Holder, user: User) -> None:
    kind = holder_kind_of(holder)
    kind.membership._default_manager.filter(**_membership(kind, holder, user)).delete()
    object_changed(actor=actor, action=kind.audit_action(kind.removed), obj=holder, user_id=user.pk)


# Per-kind spellings kept for callers outside the admin API (bench/iam_request.py).


def group_add_member(*, actor: User | None, group: Group, user: User) -> None:
    holder_user_add(actor=actor, holder=group, user=user)


def role_assign(*, actor: User | None, role: Role, user: User) -> None:
    holder_user_add(actor=actor, holder=role, user=user)
