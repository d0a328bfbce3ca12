"""The panels' interfaces: each registered system's screen bundle, from the build's map."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.test import Client

from apps.systems import registry
from apps.tenants.context import tenant_context
from teacherseat.testing.clients import signed_in
from tests.factories import make_user

pytestmark = pytest.mark.django_db

ADMIN = "/api/admin/systems/interfaces"
STUDENT = "/api/student/systems/interfaces"


def bundle(panel: str, label: str, *routes: str) -> dict:
    return {"url": f"/{panel}/assets/{label}-HASH.js", "routes": list(routes)}


ADMIN_BUILD = {
    "iam": bundle("section31", "iam", "/iam/users", "/iam/users/:id"),
    "content": bundle("section31", "content", "/content/courses"),
    "learning": bundle("section31", "learning", "/students"),
    "systems": bundle("section31", "systems", "/systems"),
    "sdk_api": bundle("section31", "sdk_api", "/sdk"),
    # left over from an app that is not installed: never offered
    "glossary": bundle("section31", "glossary", "/glossary"),
}
STUDENT_BUILD = {
    "iam": bundle("student", "iam", "/signin", "/account"),
    "content": bundle("student", "content", "/", "/courses/:id"),
    "learning": bundle("student", "learning", "/my-courses"),
    # the build has it but sdk_api's manifest declares no student interface: not offered
    "sdk_api": bundle("student", "sdk_api", "/sdk"),
}


@pytest.fixture
def built(tmp_path: Path, settings) -> Path:
    """Built panels in a scratch FRONTENDS_DIR: only dist/manifest.json matters here."""
    for panel, interfaces in (("section31", ADMIN_BUILD), ("student", STUDENT_BUILD)):
        dist = tmp_path / panel / "dist"
        dist.mkdir(parents=True)
        manifest = {"js": ["assets/app-X.js"], "css": [], "interfaces": interfaces}
        (dist / "manifest.json").write_text(json.dumps(manifest))
    settings.FRONTENDS_DIR = tmp_path
    return tmp_path


def systems_of(response) -> list[str]:
    return [item["system"] for item in response.json()]


def test_admin_panel_gets_the_bundles_of_registered_systems(built, owner_client):
    response = owner_client.get(ADMIN)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert [i["system"] for i in body] == ["content", "iam", "learning", "sdk_api", "systems"]
    iam = next(i for i in body if i["system"] == "iam")
    assert iam == {
        "system": "iam",
        "url": "/section31/assets/iam-HASH.js",
        "routes": ["/iam/users", "/iam/users/:id"],
    }


def test_a_deregistered_system_offers_no_screens_until_registered_again(built, owner_client):
    def post(path: str) -> int:
        return owner_client.post(path, content_type="application/json").status_code

    assert post("/api/admin/systems/systems/sdk_api/deregister") == 200
    assert "sdk_api" not in systems_of(owner_client.get(ADMIN))
    assert post("/api/admin/systems/systems/sdk_api/register") == 200
    assert "sdk_api" in systems_of(owner_client.get(ADMIN))


def test_student_panel_gets_student_bundles_without_signing_in(built, tenant):
    response = Client().get(STUDENT)
    assert response.status_code == 200
    assert systems_of(response) == ["content", "iam", "learning"]
    content = response.json()[0]
    assert content["url"] == "/student/assets/content-HASH.js"
    assert content["routes"] == ["/", "/courses/:id"]


def test_learners_may_not_ask_the_admin_endpoint(built, tenant):
    with tenant_context(tenant):
        learner = make_user(tenant, "learner@example.com")
    client = signed_in(learner)
    assert client.get(STUDENT).status_code == 200
    denied = client.get(ADMIN)
    assert denied.status_code == 403
    assert denied.json()["code"] == "no_panel_access"


def test_bundles_outside_the_panel_or_malformed_are_not_offered(built, owner_client):
    broken = {
        "iam": {"url": "https://evil.example/iam.js", "routes": ["/iam/users"]},
        "content": {"url": "/student/assets/content.js", "routes": ["/content/courses"]},
        "learning": {"url": "/section31/assets/learning.js", "routes": "/students"},
        "systems": ["not", "an", "object"],
        "sdk_api": bundle("section31", "sdk_api", "/sdk"),
    }
    path = built / "section31" / "dist" / "manifest.json"
    path.write_text(json.dumps({"interfaces": broken}))
    assert systems_of(owner_client.get(ADMIN)) == ["sdk_api"]


def test_an_unbuilt_panel_offers_nothing(tmp_path, settings, owner_client):
    settings.FRONTENDS_DIR = tmp_path
    response = owner_client.get(ADMIN)
    assert response.status_code == 200
    assert response.json() == []


def test_a_rebuild_is_picked_up(built, owner_client):
    assert len(owner_client.get(ADMIN).json()) == 5
    path = built / "section31" / "dist" / "manifest.json"
    path.write_text(json.dumps({"interfaces": {"iam": ADMIN_BUILD["iam"]}}))
    stat = path.stat()
    # a rebuild always changes the file; make sure its mtime moved even on coarse clocks
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert systems_of(owner_client.get(ADMIN)) == ["iam"]


def test_every_interface_entry_of_the_real_manifests_is_built_by_the_real_build():
    """The installed systems' declared interfaces (what build.mjs bundles) are the screens."""
    declared = {
        (label, kind) for label, manifest in registry.load().items() for kind in manifest.interfaces
    }
    assert {("iam", "admin"), ("iam", "student"), ("content", "admin"), ("sdk_api", "admin")} <= (
        declared
    )
    assert ("sdk_api", "student") not in declared


def test_interfaces_query_count_is_pinned(built, owner_client, django_assert_num_queries):
    owner_client.get(ADMIN)  # warm caches
    # tenant, savepoint, set_config, session, user, interfaces, restore set_config, release.
    with django_assert_num_queries(8):
        owner_client.get(ADMIN)
