"""Signing secrets at rest: Fernet (AES-128-CBC + HMAC-SHA256) under a key derived from
``SECRET_KEY`` with HKDF, so a database dump alone does not reveal them.

Rotating ``SECRET_KEY`` keeps old tokens readable while the old key is listed in
``SECRET_KEY_FALLBACKS`` (Django's own rotation setting); re-saving re-encrypts them.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_INFO = b"teacherseat.webhooks.endpoint-secret.v1"


class SecretUnreadable(RuntimeError):
    """A stored secret does not decrypt with SECRET_KEY or any of its fallbacks."""


def _fernet_for(secret_key: str) -> Fernet:
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(
        secret_key.encode()
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def _keys() -> MultiFernet:
    fallbacks = list(getattr(settings, "SECRET_KEY_FALLBACKS", []) or [])
    return MultiFernet([_fernet_for(k) for k in [settings.SECRET_KEY, *fallbacks]])


def encrypt(clear: str) -> str:
    return _keys().encrypt(clear.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("webhook secret does not decrypt with SECRET_KEY") from exc
