"""Actions the IAM system defines (mirrors system.json)."""


class Iam:
    USERS_LIST = "teacherseat:admin:iam:users:list"
    USERS_READ = "teacherseat:admin:iam:users:read"
    USERS_CREATE = "teacherseat:admin:iam:users:create"
    USERS_UPDATE = "teacherseat:admin:iam:users:update"
    USERS_SUSPEND = "teacherseat:admin:iam:users:suspend"
    USERS_RESET_MFA = "teacherseat:admin:iam:users:reset_mfa"
    USERS_DELETE = "teacherseat:admin:iam:users:delete"
    USERS_PUT_BOUNDARY = "teacherseat:admin:iam:users:put_boundary"
    GROUPS_LIST = "teacherseat:admin:iam:groups:list"
    GROUPS_READ = "teacherseat:admin:iam:groups:read"
    GROUPS_CREATE = "teacherseat:admin:iam:groups:create"
    GROUPS_UPDATE = "teacherseat:admin:iam:groups:update"
    GROUPS_DELETE = "teacherseat:admin:iam:groups:delete"
    ROLES_LIST = "teacherseat:admin:iam:roles:list"
    ROLES_READ = "teacherseat:admin:iam:roles:read"
    ROLES_CREATE = "teacherseat:admin:iam:roles:create"
    ROLES_UPDATE = "teacherseat:admin:iam:roles:update"
    ROLES_DELETE = "teacherseat:admin:iam:roles:delete"
    POLICIES_LIST = "teacherseat:admin:iam:policies:list"
    POLICIES_READ = "teacherseat:admin:iam:policies:read"
    POLICIES_CREATE = "teacherseat:admin:iam:policies:create"
    POLICIES_UPDATE = "teacherseat:admin:iam:policies:update"
    POLICIES_DELETE = "teacherseat:admin:iam:policies:delete"
    POLICIES_ATTACH = "teacherseat:admin:iam:policies:attach"
    POLICIES_SIMULATE = "teacherseat:admin:iam:policies:simulate"
    ACCESS_KEYS_LIST = "teacherseat:admin:iam:access_keys:list"
    ACCESS_KEYS_CREATE = "teacherseat:admin:iam:access_keys:create"
    ACCESS_KEYS_UPDATE = "teacherseat:admin:iam:access_keys:update"
    ACCESS_KEYS_DELETE = "teacherseat:admin:iam:access_keys:delete"
    AUDIT_LIST = "teacherseat:admin:iam:audit:list"
    SDK_ME_READ = "teacherseat:sdk:iam:me:read"


class IamStudent:
    """Labels of the student (self-service) views. Every signed-in user may manage their own
    account, so these are not policy-checked and not in the catalogue."""

    SELF_READ = "teacherseat:student:iam:self:read"
    SELF_MANAGE = "teacherseat:student:iam:self:manage"
