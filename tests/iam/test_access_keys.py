"""Access keys (admin API) and SDK authentication with them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from apps.iam import authorization, keys
from apps.iam.models import AccessKey
from apps.iam.services import user_put_inline_policy
from apps.tenants.context import tenant_context
from tests.factories import make_user
from tests.iam.helpers import API, SDK_HOST, allow, create_key, deny, patch, post, sdk

pytestmark = pytest.mark.django_db
ME = "teacherseat:sdk:iam:me:read"


@pytest.fixture(autouse=True)
def _fresh_cache():
    authorization.cache_clear()


@pytest.fixture(autouse=True)
def _no_leaked_tenant():
    """An SDK-host request must not leave its key's tenant behind in the thread."""
    from apps.tenants.context import current_tenant_id

    yield
    assert current_tenant_id() is None


def test_key_id_format_is_recognisable_and_checksummed():
    key_id = keys.new_key_id(42)
    assert keys.KEY_ID_PATTERN.fullmatch(key_id)
    assert keys.tenant_id_of(key_id) == 42
    tampered = key_id[:10] + ("A" if key_id[10] != "A" else "B") + key_id[11:]
    assert keys.tenant_id_of(tampered) is None
    assert keys.KEY_ID_PATTERN.findall(f"leaked: {key_id} in a log") == [key_id]


def test_create_shows_the_secret_once_and_stores_only_its_hash(owner_client, tenant, owner):
    created = create_key(owner_client, owner.pk, description="ci")
    assert created["key_id"].startswith("TSAK")
    listed = owner_client.get(API + f"users/{owner.pk}/access-keys").json()
    assert listed == [
        {
            "key_id": created["key_id"],
            "description": "ci",
            "status": "active",
            "session_policy": None,
            "expires_at": None,
            "last_used_at": None,
            "last_used_ip": None,
            "created_at": listed[0]["created_at"],
        }
    ]
    with tenant_context(tenant):
        stored = AccessKey.objects.get()
    assert stored.secret_hash == keys.hash_secret(created["secret"])
    assert created["secret"] not in stored.secret_hash


def test_sdk_host_resolves_the_tenant_from_the_key_and_records_last_use(
    owner_client, tenant, owner
):
    created = create_key(owner_client, owner.pk)
    response = sdk(created["key_id"], created["secret"], REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert response.json()["tenant"] == "default"
    assert response.json()["user"]["email"] == owner.email
    listed = owner_client.get(API + f"users/{owner.pk}/access-keys").json()[0]
    assert listed["last_used_ip"] == "10.1.2.3"
    assert listed["last_used_at"] is not None


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer nocolon", "Basic abc:def", "Bearer TSAKAAAA:secret"],
)
def test_missing_or_malformed_credentials_are_401(tenant, header):
    response = Client().get("/v1/me", HTTP_AUTHORIZATION=header, **SDK_HOST)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_access_key"


def test_wrong_secret_inactive_expired_and_deleted_keys_are_refused(owner_client, tenant, owner):
    created = create_key(owner_client, owner.pk)
    key_id, secret = created["key_id"], created["secret"]
    assert sdk(key_id, secret + "x").status_code == 401
    base = API + f"users/{owner.pk}/access-keys/{key_id}"
    patch(owner_client, base, {"status": "inactive"})
    assert sdk(key_id, secret).status_code == 401
    patch(owner_client, base, {"status": "active"})
    assert sdk(key_id, secret).status_code == 200
    with tenant_context(tenant):
        AccessKey.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert sdk(key_id, secret).status_code == 401
    assert owner_client.delete(base).status_code == 204
    assert owner_client.get(API + f"users/{owner.pk}/access-keys").json() == []


def test_rotate_issues_a_new_key_and_deactivates_the_old(owner_client, owner):
    old = create_key(owner_client, owner.pk, description="deploy")
    new = post(owner_client, API + f"users/{owner.pk}/access-keys/{old['key_id']}/rotate").json()
    assert new["description"] == "deploy"
    assert new["key_id"] != old["key_id"]
    assert sdk(old["key_id"], old["secret"]).status_code == 401
    assert sdk(new["key_id"], new["secret"]).status_code == 200


def test_session_policy_narrows_the_owner(owner_client, owner):
    narrowed = create_key(owner_client, owner.pk, session_policy=allow("teacherseat:sdk:sdk_api:*"))
    response = sdk(narrowed["key_id"], narrowed["secret"])
    assert response.status_code == 403
    assert response.json()["action"] == ME
    denied = create_key(owner_client, owner.pk, session_policy=deny("*"))
    assert sdk(denied["key_id"], denied["secret"]).status_code == 403


def test_non_owner_keys_follow_the_owners_policies(owner_client, tenant):
    with tenant_context(tenant):
        bot = make_user(tenant, "bot@example.com")
    created = create_key(owner_client, bot.pk)
    assert sdk(created["key_id"], created["secret"]).status_code == 403
    with tenant_context(tenant):
        user_put_inline_policy(actor=None, user=bot, name="me", document=allow(ME))
    assert sdk(created["key_id"], created["secret"]).status_code == 200
    with tenant_context(tenant):
        user_put_inline_policy(
            actor=None,
            user=bot,
            name="me",
            document=allow(ME, "trn:teacherseat:default:iam:user/0"),
        )
    assert sdk(created["key_id"], created["secret"]).status_code == 403


def test_foreign_tenant_key_on_tenant_host_is_401(tenant, other_tenant):
    from apps.iam.services.keys import access_key_create

    with tenant_context(other_tenant):
        acme_owner = make_user(other_tenant, "boss@acme.example.com", admin=True, owner=True)
        new = access_key_create(actor=None, user=acme_owner)
    on_sdk_host = sdk(new.key.key_id, new.secret)
    assert on_sdk_host.status_code == 200
    assert on_sdk_host.json()["tenant"] == "acme"
    on_default_host = Client().get(
        "/sdk/v1/me", HTTP_AUTHORIZATION=f"Bearer {new.key.key_id}:{new.secret}"
    )
    assert on_default_host.status_code == 401
