"""Access key ids and secrets, and the SDK authenticator.

Key id format: ``TSAK`` + 32 base32 characters + 6 checksum characters (42 in all)::

    TSAK | base32(tenant id: 8 bytes big-endian + 12 random bytes) | base32(CRC-32, 30 bits)

* The prefix and the fixed alphabet make a leaked id findable by a regex
  (:data:`KEY_ID_PATTERN`); the CRC lets a scanner drop look-alikes without asking us.
* The tenant id inside lets the SDK host find the key's tenant before any RLS context
  exists: the id picks the tenant, the tenant is activated in the request transaction and
  the key row is then read under RLS like any other row. Forging another tenant id just
  looks for the key in a tenant that does not have it (401).
* The secret is 240 random bits, shown once and stored as its SHA-256 digest: with that
  much entropy a fast hash is safe (nothing to brute-force), and the check stays cheap on
  every SDK call. Comparison is constant-time.

The SDK sends ``Authorization: Bearer <key_id>:<secret>``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import zlib
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from rest_framework.request import Request

from apps.core.api.base import django_request
from apps.iam.audit import audit_record
from apps.iam.authorization import client_ip
from apps.iam.models import AccessKey, User
from apps.tenants.context import activate_in_transaction
from apps.tenants.models import Tenant

PREFIX = "TSAK"
KEY_ID_PATTERN = re.compile(r"\bTSAK[A-Z2-7]{38}\b")
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _checksum(body: str) -> str:
    value = zlib.crc32((PREFIX + body).encode()) & 0x3FFFFFFF
    return "".join(_ALPHABET[(value >> shift) & 31] for shift in range(25, -1, -5))


def new_key_id(tenant_id: int) -> str:
    payload = tenant_id.to_bytes(8, "big") + secrets.token_bytes(12)
    body = base64.b32encode(payload).decode()
    return PREFIX + body + _checksum(body)


def new_secret() -> str:
    return secrets.token_urlsafe(30)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def tenant_id_of(key_id: str) -> int | None:
    """The tenant id inside a well-formed key id whose checksum matches, else ``None``."""
    if len(key_id) != 42 or not KEY_ID_PATTERN.fullmatch(key_id):
        return None
    body, check = key_id[4:36], key_id[36:]
    if not hmac.compare_digest(_checksum(body), check):
        return None
    return int.from_bytes(base64.b32decode(body)[:8], "big")


@dataclass(frozen=True)
class Credentials:
    key_id: str
    secret: str


def parse_authorization(header: str) -> Credentials | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    key_id, sep, secret = value.strip().partition(":")
    if not sep or not key_id or not secret:
        return None
    return Credentials(key_id, secret)


def authenticate_sdk(request: Request) -> User | None:
    """Resolve ``Authorization: Bearer <key_id>:<secret>`` to the key's owner (or ``None``).

    On the SDK host the key's tenant becomes the request's tenant (activated in the
    request transaction); on a tenant host it must be that tenant.
    """
    raw = django_request(request)
    credentials = parse_authorization(raw.META.get("HTTP_AUTHORIZATION", ""))
    if credentials is None:
        return None
    tenant_id = tenant_id_of(credentials.key_id)
    if tenant_id is None:
        return None
    host_tenant = getattr(raw, "tenant", None)
    if host_tenant is not None:
        if host_tenant.pk != tenant_id:
            return None
    else:
        tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None or not tenant.is_active:
            return None
        activate_in_transaction(tenant)
        raw.tenant = tenant  # type: ignore[attr-defined]
    key: AccessKey | None = (
        AccessKey.objects.select_related("user").filter(key_id=credentials.key_id).first()
    )
    now = timezone.now()
    if (
        key is None
        or not hmac.compare_digest(key.secret_hash, hash_secret(credentials.secret))
        or key.status != AccessKey.Status.ACTIVE
        or (key.expires_at is not None and key.expires_at <= now)
        or not key.user.is_active
    ):
        return None
    ip = client_ip(raw)
    if (
        key.last_used_at is None
        or now - key.last_used_at >= LAST_USED_RESOLUTION
        or key.last_used_ip != ip
    ):
        AccessKey.objects.filter(pk=key.pk).update(last_used_at=now, last_used_ip=ip)
        # At most one entry a minute per key (and one per new address).
        audit_record(
            actor=key.user,
            action="iam:access_keys:used",
            target=f"access_key/{key.key_id}",
            details={"key_id": key.key_id},
            ip=ip,
        )
    raw.iam_principal = key.user  # type: ignore[attr-defined]
    raw.iam_access_key = key  # type: ignore[attr-defined]
    return key.user
