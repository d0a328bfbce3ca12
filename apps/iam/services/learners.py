"""Learners are principals like everyone else: the default Learners group.

Every academy has a group named ``Learners`` with the managed ``LearnerAccess`` policy
(``teacherseat:student:*``) attached, and every new account joins it, so student
endpoints go through the same IAM check as admin ones while the default behaviour stays
"any signed-in person may study". An academy restricts learners with policies (a Deny
with conditions on the group or on individual users), or by detaching ``LearnerAccess``.
"""

from __future__ import annotations

from apps.iam.models import (
    Group,
    GroupMembership,
    ManagedPolicy,
    PolicyAttachment,
    PolicyVersion,
    User,
)
from apps.iam.services.changes import policy_stamp_bump
from apps.iam.services.seed import LEARNER_ACCESS, managed_policy_documents
from apps.tenants.context import tenant_context
from apps.tenants.models import Tenant

LEARNERS_GROUP = "Learners"


def learners_group() -> Group:
    """The current academy's Learners group, created with LearnerAccess on first use."""
    group: Group | None = Group.objects.filter(name=LEARNERS_GROUP).first()
    if group is not None:
        return group
    policy = ManagedPolicy.objects.filter(name=LEARNER_ACCESS, system_managed=True).first()
    if policy is None:  # an academy not provisioned yet: create just this managed policy
        description, document = managed_policy_documents()[LEARNER_ACCESS]
        policy = ManagedPolicy.objects.create(
            name=LEARNER_ACCESS, description=description, system_managed=True
        )
        PolicyVersion.objects.create(policy=policy, number=1, document=document)
    group = Group.objects.create(
        name=LEARNERS_GROUP,
        description="Everyone who studies here. New accounts join it; it has LearnerAccess.",
    )
    PolicyAttachment.objects.create(policy=policy, group=group)
    policy_stamp_bump()
    return group


def learner_join(user: User) -> None:
    """Put a new account in the Learners group (idempotent)."""
    GroupMembership.objects.get_or_create(group=learners_group(), user=user)


def learners_join_all(tenant: Tenant) -> int:
    """Provisioning: every account of ``tenant`` joins Learners (accounts made before the
    group existed); returns how many joined."""
    with tenant_context(tenant):
        group = learners_group()
        missing = User.objects.exclude(iam_groups=group)
        joined = GroupMembership.objects.bulk_create(
            [GroupMembership(group=group, user=user) for user in missing]
        )
        if joined:
            policy_stamp_bump()
    return len(joined)
