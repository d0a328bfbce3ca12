"""The kinds of principal that IAM policies attach to, declared once.

A managed or inline policy attaches to a user, a group or a role. Groups and roles also
*hold* users (a group's members, a role's assigned users). They keep their own tables —
roles will grow AWS-style trust and sessions, and organisations will add a third kind of
holder — but everything else about a holder is written once and reads what differs from
its :class:`PrincipalHolderKind` below: the admin views (``api/admin.py``), the writes
(``services/holders.py``), the URLs (``urls_admin.py``) and the SQL (``queries/holders/``
and ``queries/principals/``, which pick their tables by :meth:`PrincipalKind.sql_flags`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import Model

from apps.iam.models import Group, GroupMembership, Role, RoleAssignment, User
from apps.iam.permissions import Iam

P = TypeVar("P", bound="User | Group | Role")
H = TypeVar("H", bound="Group | Role")


@dataclass(frozen=True, kw_only=True)
class PrincipalKind(Generic[P]):
    """A kind of principal.

    ``name`` is the resource kind (``trn:…:iam:<name>/<id>``) and audit target, the column
    naming the principal on policy attachments and inline policies, and the kind's flag in
    the SQL templates; ``plural`` is its URL segment and audit namespace (``iam:<plural>:…``).
    """

    name: str
    plural: str
    model: type[P]
    detail_query: str  # the querylet template of its detail document (param principal_id)

    @property
    def url_kwarg(self) -> str:
        return f"{self.name}_id"

    def target(self, pk: Any) -> str:
        return f"{self.name}/{pk}"

    def audit_action(self, verb: str) -> str:
        return f"iam:{self.plural}:{verb}"

    def sql_flags(self) -> dict[str, bool]:
        """One flag per kind, true for this one: the templates choose their tables by it."""
        return {kind.name: kind is self for kind in PRINCIPAL_KINDS}


@dataclass(frozen=True, kw_only=True)
class PrincipalHolderKind(PrincipalKind[H]):
    """A kind of principal that holds users; what is not declared here is shared.

    ``membership`` has a foreign key named ``name`` to the holder and one named ``user``.
    ``members`` names the held users in URLs (``<plural>/<id>/<members>/<user_id>``) and in
    the list and detail documents (``queries/holders/members_key.sql`` spells it for SQL).
    ``added``/``removed`` are the audit verbs of putting a user in and taking one out;
    ``actions`` maps the verbs list, read, create, update and delete to the kind's actions.
    """

    membership: type[Model]
    members: str
    added: str
    removed: str
    actions: Mapping[str, str]
    detail_query: str = "iam.holders.detail"

    @property
    def member(self) -> str:
        """One of ``members``, in URL names: ``iam-group-member``, ``iam-role-user``."""
        return self.members.removesuffix("s")


USERS: PrincipalKind[User] = PrincipalKind(
    name="user", plural="users", model=User, detail_query="iam.users.detail"
)
# One row per holder kind: a table of what differs, kept readable as a table.
# fmt: off
GROUPS: PrincipalHolderKind[Group] = PrincipalHolderKind(
    name="group", plural="groups", model=Group, membership=GroupMembership, members="members",
    added="add_member", removed="remove_member",
    actions={"list": Iam.GROUPS_LIST, "read": Iam.GROUPS_READ, "create": Iam.GROUPS_CREATE,
             "update": Iam.GROUPS_UPDATE, "delete": Iam.GROUPS_DELETE},
)
ROLES: PrincipalHolderKind[Role] = PrincipalHolderKind(
    name="role", plural="roles", model=Role, membership=RoleAssignment, members="users",
    added="assign", removed="unassign",
    actions={"list": Iam.ROLES_LIST, "read": Iam.ROLES_READ, "create": Iam.ROLES_CREATE,
             "update": Iam.ROLES_UPDATE, "delete": Iam.ROLES_DELETE},
)
# fmt: on
HOLDER_KINDS: tuple[PrincipalHolderKind[Any], ...] = (GROUPS, ROLES)
PRINCIPAL_KINDS: tuple[PrincipalKind[Any], ...] = (USERS, *HOLDER_KINDS)

_BY_MODEL: dict[type[Model], PrincipalKind[Any]] = {kind.model: kind for kind in PRINCIPAL_KINDS}


def principal_kind_of(principal: User | Group | Role) -> PrincipalKind[Any]:
    return _BY_MODEL[type(principal)]


def holder_kind_of(holder: Group | Role) -> PrincipalHolderKind[Any]:
    kind = _BY_MODEL[type(holder)]
    assert isinstance(kind, PrincipalHolderKind)
    return kind
