"""Helpers shared by the learning views (no view classes: admin and student never share)."""

from __future__ import annotations

from rest_framework.request import Request

from apps.iam.models import User


def me(request: Request) -> User:
    """The signed-in user (the namespace base has already refused anonymous callers)."""
    user = request.user
    assert isinstance(user, User)
    return user
