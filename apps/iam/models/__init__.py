"""IAM tables (all ``iam_*``); every model but the rate-limit counters is tenant-owned."""

from apps.iam.models.accounts import OneTimeToken, RateLimitCounter, RecoveryCode, User, UserManager
from apps.iam.models.keys import AccessKey
from apps.iam.models.policies import (
    AuditEvent,
    Group,
    GroupMembership,
    InlinePolicy,
    ManagedPolicy,
    PolicyAttachment,
    PolicyStamp,
    PolicyVersion,
    Role,
    RoleAssignment,
)
from apps.iam.models.sessions import TenantSession
from apps.iam.models.settings import AccountSettings

__all__ = [
    "AccessKey",
    "AccountSettings",
    "AuditEvent",
    "Group",
    "GroupMembership",
    "InlinePolicy",
    "ManagedPolicy",
    "OneTimeToken",
    "PolicyAttachment",
    "PolicyStamp",
    "PolicyVersion",
    "RateLimitCounter",
    "RecoveryCode",
    "Role",
    "RoleAssignment",
    "TenantSession",
    "User",
    "UserManager",
]
