"""One canonical email form for sign-up, sign-in, lookup and the sign-in limiter."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from apps.iam.email_address import canonical_email
from apps.iam.models import User
from apps.tenants.context import tenant_context
from tests.factories import make_user
from tests.iam.helpers import post

pytestmark = pytest.mark.django_db
SIGNIN = "/api/student/iam/auth/signin"
LONG_S = "\u017f"  # LATIN SMALL LETTER LONG S: casefolds to "s", upper-cases to "S"
FULLWIDTH_S = "\uff33"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Student@Example.COM", "student@example.com"),
        (f"{LONG_S}tudent@example.com", "student@example.com"),
        (f"{FULLWIDTH_S}tudent@example.com", "student@example.com"),
        ("  straße@example.com ", "strasse@example.com"),
    ],
)
def test_canonical_email_folds_case_and_compatibility_forms(raw: str, expected: str) -> None:
    assert canonical_email(raw) == expected
    assert canonical_email(canonical_email(raw)) == expected


@override_settings(IAM_SIGNIN_LIMIT_PER_ACCOUNT=3)
def test_a_unicode_variant_of_the_email_shares_the_accounts_sign_in_limit(tenant: Any) -> None:
    with tenant_context(tenant):
        make_user(tenant, "student@example.com")
    for _ in range(3):
        wrong = post(Client(), SIGNIN, {"email": "student@example.com", "password": "nope"})
        assert wrong.status_code == 401

    variant = post(Client(), SIGNIN, {"email": f"{LONG_S}tudent@example.com", "password": "no"})

    assert variant.status_code == 429, variant.json()
    assert variant.json()["code"] == "rate_limited"


def test_sign_up_stores_the_canonical_form_and_a_variant_cannot_register_twice(
    tenant: Any,
) -> None:
    password = "correct horse battery staple"
    first = post(
        Client(), "/api/student/iam/auth/signup", {"email": "Ann@X.org", "password": password}
    )
    again = post(
        Client(), "/api/student/iam/auth/signup", {"email": "ANN@x.org", "password": password}
    )
    assert first.status_code == again.status_code == 202
    with tenant_context(tenant):
        assert list(User.objects.values_list("email", flat=True)) == ["ann@x.org"]
