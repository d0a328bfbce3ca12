"""Signatures follow Standard Webhooks: the published standardwebhooks package verifies them."""

from __future__ import annotations

import base64
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from apps.webhooks import signing, vault
from apps.webhooks.services.endpoints import secrets_in_force


def test_secret_is_whsec_and_32_random_bytes_and_its_hint_is_the_first_four_chars():
    secret = signing.generate_secret()
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    assert signing.secret_hint(secret) == secret[6:10]
    assert secret != signing.generate_secret()


def test_a_signed_request_verifies_with_the_published_library():
    secret = signing.generate_secret()
    body = '{"type":"user.created","data":{"name":"Zoë ✓"}}'.encode()
    headers = signing.signature_headers(
        [secret], webhook_id="msg_1", timestamp=int(time.time()), body=body
    )
    assert set(headers) == {"webhook-id", "webhook-timestamp", "webhook-signature"}
    assert Webhook(secret).verify(body, headers)["data"]["name"] == "Zoë ✓"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda b, h: (b + b" ", h),
        lambda b, h: (b, {**h, "webhook-id": "msg_2"}),
        lambda b, h: (b, {**h, "webhook-timestamp": str(int(h["webhook-timestamp"]) + 1)}),
    ],
)
def test_any_change_to_body_id_or_timestamp_breaks_the_signature(tamper):
    secret = signing.generate_secret()
    body = b'{"type":"x"}'
    headers = signing.signature_headers(
        [secret], webhook_id="msg_1", timestamp=int(time.time()), body=body
    )
    body, headers = tamper(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, headers)


def test_another_secret_does_not_verify_and_old_timestamps_are_refused():
    secret, other = signing.generate_secret(), signing.generate_secret()
    body = b"{}"
    headers = signing.signature_headers(
        [secret], webhook_id="msg_1", timestamp=int(time.time()), body=body
    )
    with pytest.raises(WebhookVerificationError):
        Webhook(other).verify(body, headers)
    stale = signing.signature_headers(
        [secret], webhook_id="msg_1", timestamp=int(time.time()) - 600, body=body
    )
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, stale)


def test_during_rotation_both_secrets_sign_and_either_verifies():
    new, old = signing.generate_secret(), signing.generate_secret()
    body = b'{"a":1}'
    headers = signing.signature_headers(
        [new, old], webhook_id="msg_9", timestamp=int(time.time()), body=body
    )
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert all(s.startswith("v1,") for s in headers["webhook-signature"].split(" "))
    assert Webhook(new).verify(body, headers) == {"a": 1}
    assert Webhook(old).verify(body, headers) == {"a": 1}


def test_secrets_in_force_keep_the_previous_one_only_until_it_expires():
    from apps.webhooks.models import Endpoint

    new, old = signing.generate_secret(), signing.generate_secret()
    endpoint = Endpoint(
        secret_encrypted=vault.encrypt(new),
        previous_secret_encrypted=vault.encrypt(old),
        previous_expires_at=timezone.now() + timedelta(hours=1),
    )
    assert secrets_in_force(endpoint) == [new, old]
    assert secrets_in_force(endpoint, timezone.now() + timedelta(hours=2)) == [new]


def test_secrets_are_encrypted_at_rest_and_follow_secret_key_fallbacks(settings):
    secret = signing.generate_secret()
    token = vault.encrypt(secret)
    assert secret not in token and secret.removeprefix("whsec_") not in token
    assert vault.decrypt(token) == secret
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-brand-new-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    with pytest.raises(vault.SecretUnreadable):
        vault.decrypt(token)
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert vault.decrypt(token) == secret
