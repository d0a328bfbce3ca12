"""IAM's answer to "may this caller perform this action on this resource?".

Account owners may do everything (like an AWS account's root user). Everyone else is
decided by their attached policies (added by the IAM issue's policy tables).
"""

from __future__ import annotations

from rest_framework.request import Request


def is_allowed(request: Request, action: str, resource: str) -> bool:
    user = request.user
    if user is None or not user.is_authenticated:
        return False
    return bool(getattr(user, "is_account_owner", False))
