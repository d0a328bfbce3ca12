"""What every IAM write does besides its own rows: bump the policy stamp and audit.

The stamp (``iam_policy_stamps.version``) keys every process's cache of compiled policy
sets (see :mod:`apps.iam.authorization`); bumping it in the write's transaction makes the
change visible to the next request everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, connection, transaction
from django.db.models import Model, QuerySet

from apps.core.errors import Conflict, NotFound
from apps.iam.audit import audit_record
from apps.iam.models import ManagedPolicy, User
from apps.iam.principals import PRINCIPAL_KINDS
from apps.tenants.context import current_tenant_id

T = TypeVar("T")

_TARGET_KINDS: dict[type[Model], str] = {
    **{kind.model: kind.name for kind in PRINCIPAL_KINDS},
    ManagedPolicy: "policy",
}


def policy_stamp_bump() -> None:
    """Advance this tenant's policy stamp (one upsert; the row is created on first use)."""
    from apps.iam.authorization import forget_recent_stamp

    forget_recent_stamp(current_tenant_id())
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO iam_policy_stamps (version) VALUES (1)"
            " ON CONFLICT (tenant_id) DO UPDATE SET version = iam_policy_stamps.version + 1"
        )


def iam_changed(
    *, actor: User | None, action: str, target: str, details: dict[str, Any] | None = None
) -> None:
    policy_stamp_bump()
    audit_record(actor=actor, action=action, target=target, details=details)


def target_of(obj: Model) -> str:
    """The audit target of an IAM object: ``user/3``, ``group/5``, ``policy/7``."""
    return f"{_TARGET_KINDS.get(type(obj), 'object')}/{obj.pk}"


def object_changed(*, actor: User | None, action: str, obj: Model, **details: Any) -> None:
    """:func:`iam_changed` for a change to ``obj`` (still saved: deletes name their target
    before deleting), with ``details`` as the audit details."""
    iam_changed(actor=actor, action=action, target=target_of(obj), details=details)


def delete_existing(rows: QuerySet[Any], missing: str) -> None:
    """Delete ``rows``; 404 ``missing`` when there was none."""
    deleted, _ = rows.delete()
    if not deleted:
        raise NotFound(missing)


def unique(write: Callable[[], T], what: str) -> T:
    """Run ``write`` in a savepoint; a unique violation is a 409 ``already_exists``."""
    try:
        with transaction.atomic():
            return write()
    except IntegrityError as exc:
        raise Conflict(f"{what} already exists.", code="already_exists") from exc
