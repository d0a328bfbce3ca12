"""TOTP MFA: enrol, confirm, sign in with a code or a recovery code, single use, disable."""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client

from apps.iam.models import RecoveryCode, User
from apps.iam.services import accounts
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_user
from tests.iam.helpers import post

pytestmark = pytest.mark.django_db
BASE = "/api/student/iam/"
PASSWORD = "correct horse battery staple"
T0 = 1_800_000_000  # fixed clock, at the start of a 30 s step


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    fake = Clock(T0)
    monkeypatch.setattr(accounts, "time", fake)
    return fake


@pytest.fixture
def alice(tenant):
    with tenant_context(tenant):
        return make_user(tenant, "alice@example.com")


def enrol_and_confirm(client: Client, clock: Clock) -> tuple[str, list[str]]:
    enrolled = post(client, BASE + "me/mfa/enroll").json()
    assert enrolled["otpauth_uri"].startswith("otpauth://totp/")
    secret = enrolled["secret"]
    code = pyotp.TOTP(secret).at(clock.now)
    confirmed = post(client, BASE + "me/mfa/confirm", {"code": code})
    assert confirmed.status_code == 200
    return secret, confirmed.json()["recovery_codes"]


def test_confirm_enables_mfa_and_stores_ten_hashed_recovery_codes(tenant, alice, clock):
    _secret, codes = enrol_and_confirm(signed_in(alice), clock)
    assert len(codes) == len(set(codes)) == 10
    with tenant_context(tenant):
        alice.refresh_from_db()
        assert alice.mfa_enabled is True
        stored = set(RecoveryCode.objects.filter(user=alice).values_list("code_hash", flat=True))
    assert stored == {accounts.sha256_hex(c) for c in codes}
    assert not set(codes) & stored


def test_wrong_code_does_not_enable_mfa(tenant, alice, clock):
    client = signed_in(alice)
    post(client, BASE + "me/mfa/enroll")
    response = post(client, BASE + "me/mfa/confirm", {"code": "000000"})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_mfa_code"


def test_signin_with_mfa_needs_a_code_accepted_once_with_one_step_of_drift(tenant, alice, clock):
    secret, _ = enrol_and_confirm(signed_in(alice), clock)
    totp = pyotp.TOTP(secret)
    client = Client()
    first = post(client, BASE + "auth/signin", {"email": "alice@example.com", "password": PASSWORD})
    assert first.json() == {"mfa_required": True}
    assert client.get(BASE + "me").status_code == 401

    clock.now = T0 + 30
    replay = post(client, BASE + "auth/mfa", {"code": totp.at(T0)})  # used by confirm
    assert replay.status_code == 400
    too_old = post(client, BASE + "auth/mfa", {"code": totp.at(T0 - 60)})
    assert too_old.status_code == 400
    ahead = post(client, BASE + "auth/mfa", {"code": totp.at(T0 + 60)})  # +1 step drift
    assert ahead.status_code == 200
    assert client.session["ts_mfa"] is True
    assert client.get(BASE + "me").json()["user"]["mfa_enabled"] is True

    other = Client()
    post(other, BASE + "auth/signin", {"email": "alice@example.com", "password": PASSWORD})
    again = post(other, BASE + "auth/mfa", {"code": totp.at(T0 + 60)})
    assert again.status_code == 400


def test_recovery_code_signs_in_once(tenant, alice, clock):
    _, codes = enrol_and_confirm(signed_in(alice), clock)
    for expected in (200, 400):
        client = Client()
        post(client, BASE + "auth/signin", {"email": "alice@example.com", "password": PASSWORD})
        assert post(client, BASE + "auth/mfa", {"recovery_code": codes[0]}).status_code == expected


def test_mfa_step_without_password_step_is_refused(tenant, alice):
    response = post(Client(), BASE + "auth/mfa", {"code": "123456"})
    assert response.status_code == 401
    assert response.json()["code"] == "mfa_not_pending"


def test_disable_needs_a_code_or_the_password(tenant, alice, clock):
    client = signed_in(alice)
    enrol_and_confirm(client, clock)
    refused = post(client, BASE + "me/mfa/disable", {"password": "wrong-wrong-wrong"})
    assert refused.status_code == 400
    ok = post(client, BASE + "me/mfa/disable", {"password": PASSWORD})
    assert ok.json() == {"mfa_enabled": False}
    with tenant_context(tenant):
        user = User.objects.get(pk=alice.pk)
        assert (user.mfa_enabled, user.mfa_secret) == (False, "")
        assert not RecoveryCode.objects.filter(user=alice).exists()


def test_totp_matching_step_accepts_only_adjacent_steps():
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    step = T0 // 30
    for offset, expected in ((-2, None), (-1, step - 1), (0, step), (1, step + 1), (2, None)):
        assert accounts.totp_matching_step(secret, totp.at(T0 + 30 * offset), now=T0) == expected
    assert accounts.totp_matching_step(secret, "abcdef", now=T0) is None
