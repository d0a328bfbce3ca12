"""TeacherSeat-managed policies, derived from the installed systems' permission catalogues."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from apps.iam.models import ManagedPolicy, PolicyVersion
from apps.iam.services.changes import policy_stamp_bump
from apps.systems import registry
from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant

VERSION = "2012-10-17"


def _doc(sid: str, actions: list[str] | str) -> dict[str, Any]:
    return {
        "Version": VERSION,
        "Statement": [{"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": "*"}],
    }


def managed_policy_documents() -> dict[str, tuple[str, dict[str, Any]]]:
    """name -> (description, document) for every TeacherSeat-managed policy."""
    policies: dict[str, tuple[str, dict[str, Any]]] = {
        "AdministratorAccess": ("Every action in every system.", _doc("AllowAll", "teacherseat:*")),
        "ReadOnlyAccess": (
            "List, read and get actions in every system.",
            _doc(
                "ReadOnly",
                ["teacherseat:*:*:*:list", "teacherseat:*:*:*:read", "teacherseat:*:*:*:get"],
            ),
        ),
    }
    policies.update(_role_policies())
    for manifest in registry.catalogue().values():
        actions = sorted(p.action for p in manifest.permissions)
        if not actions:
            continue
        short = manifest.identifier.rsplit(".", 1)[-1]
        reads = [a for a in actions if a.rsplit(":", 1)[-1] in {"list", "read", "get"}]
        policies[f"{short}FullAccess"] = (
            f"Every action of {manifest.name}.",
            _doc("FullAccess", actions),
        )
        if reads:
            policies[f"{short}ReadOnly"] = (
                f"Read actions of {manifest.name}.",
                _doc("ReadOnly", reads),
            )
    return policies


LEARNER_ACCESS = "LearnerAccess"
_MENU = "teacherseat:admin:systems:services:list"
_READS = ["teacherseat:admin:*:*:list", "teacherseat:admin:*:*:read"]


def _role_policies() -> dict[str, tuple[str, dict[str, Any]]]:
    """Policies for the people an academy has, not per system (attach, or copy and adapt)."""
    return {
        LEARNER_ACCESS: (
            "Everything a learner does in the student panel: catalogue, enrolling, studying, "
            "exams, certificates. Attached to the default Learners group.",
            _doc("Learner", "teacherseat:student:*"),
        ),
        "Instructor": (
            "Build and run courses: all content actions, enrollments and learning "
            "analytics, and finding users to enroll.",
            _doc(
                "Instructor",
                [
                    "teacherseat:admin:content:*",
                    "teacherseat:admin:learning:enrollments:*",
                    "teacherseat:admin:learning:analytics:read",
                    "teacherseat:admin:learning:certificates:list",
                    "teacherseat:admin:iam:users:list",
                    "teacherseat:admin:iam:users:read",
                    _MENU,
                ],
            ),
        ),
        "Support": (
            "Help learners: read everything, suspend accounts and reset MFA, manage "
            "enrollments and certificates; no course editing, no policies.",
            _doc(
                "Support",
                [
                    *_READS,
                    "teacherseat:admin:iam:users:suspend",
                    "teacherseat:admin:iam:users:reset_mfa",
                    "teacherseat:admin:learning:enrollments:*",
                    "teacherseat:admin:learning:certificates:*",
                    _MENU,
                ],
            ),
        ),
    }


def policies_seed_managed(tenant: Tenant) -> int:
    """Create or refresh the managed policies of ``tenant`` (idempotent); returns changes."""
    changed = 0
    with tenant_context(tenant):
        existing = {p.name: p for p in ManagedPolicy.objects.filter(system_managed=True)}
        for name, (description, document) in managed_policy_documents().items():
            policy = existing.get(name)
            if policy is None:
                policy = ManagedPolicy.objects.create(
                    name=name, description=description, system_managed=True
                )
                PolicyVersion.objects.create(policy=policy, number=1, document=document)
                changed += 1
                continue
            version = policy.versions.filter(number=policy.default_version).first()
            if version is None or version.document != document:
                PolicyVersion.objects.update_or_create(
                    policy=policy, number=policy.default_version, defaults={"document": document}
                )
                policy.updated_at = timezone.now()
                policy.save(update_fields=["updated_at"])
                changed += 1
        if changed:
            policy_stamp_bump()
    return changed
