"""The Standard Webhooks signature scheme (https://www.standardwebhooks.com/).

- A secret is ``whsec_`` + base64 of 32 random bytes; the HMAC key is those bytes.
- The signed content is ``{webhook-id}.{webhook-timestamp}.{body}``; the signature is
  ``v1,`` + base64(HMAC-SHA256(key, content)).
- ``webhook-signature`` carries one or more signatures separated by spaces: during a
  secret rotation's overlap both the new and the previous secret sign every request, so a
  receiver holding either one verifies it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
from collections.abc import Iterable

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32


class InvalidSecret(ValueError):
    """Not a ``whsec_`` + base64 secret of at least 24 bytes."""


def generate_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def secret_hint(secret: str) -> str:
    """The first four characters after ``whsec_``: enough to tell secrets apart."""
    return secret.removeprefix(SECRET_PREFIX)[:4]


def secret_key(secret: str) -> bytes:
    try:
        key = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidSecret("the secret is not base64") from exc
    if len(key) < 24:
        raise InvalidSecret("the secret is shorter than 24 bytes")
    return key


def sign(secret: str, *, webhook_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 signature>`` of one request."""
    content = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signature_headers(
    secrets_in_force: Iterable[str], *, webhook_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """``webhook-id``, ``webhook-timestamp`` and ``webhook-signature`` (one signature per
    secret in force, newest first)."""
    signatures = [
        sign(s, webhook_id=webhook_id, timestamp=timestamp, body=body) for s in secrets_in_force
    ]
    if not signatures:
        raise InvalidSecret("no secret to sign with")
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signatures),
    }
