"""IAM writes (see the submodules); the names other apps and tests use are re-exported."""

from apps.iam.services.changes import policy_stamp_bump
from apps.iam.services.policies import (
    Saved,
    boundary_delete,
    boundary_put,
    inline_policy_delete,
    inline_policy_put,
    policy_attach,
    policy_create,
    policy_detach,
    user_put_inline_policy,
)
from apps.iam.services.seed import policies_seed_managed

__all__ = [
    "Saved",
    "boundary_delete",
    "boundary_put",
    "inline_policy_delete",
    "inline_policy_put",
    "policies_seed_managed",
    "policy_attach",
    "policy_create",
    "policy_detach",
    "policy_stamp_bump",
    "user_put_inline_policy",
]
