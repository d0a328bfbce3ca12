"""Passwords are hashed with Argon2 (the suite uses a cheap hasher; this test does not)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from apps.tenants.context import tenant_context
from tests.factories import make_user

pytestmark = pytest.mark.django_db
ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"


@override_settings(PASSWORD_HASHERS=[ARGON2, "django.contrib.auth.hashers.PBKDF2PasswordHasher"])
def test_passwords_are_stored_as_argon2_hashes(tenant: Any) -> None:
    with tenant_context(tenant):
        user = make_user(tenant, "hash@example.com", password="a long enough secret")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a long enough secret")
    assert not user.check_password("a long enough secreT")
