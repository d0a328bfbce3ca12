"""Manifest validation names the file and the field; the real manifests are valid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apps.systems import registry
from apps.systems.manifests import ManifestError, load_all, load_manifest

VALID = {
    "identifier": "TeacherSeat.Community.Glossary",
    "name": "Glossary",
    "label": "glossary",
    "version": "1.2.0-beta1",
    "type": "community",
    "description": "Terms and definitions.",
    "permissions": [{"action": "teacherseat:admin:glossary:terms:list", "description": "List"}],
    "menu": [
        {
            "name": "Glossary",
            "path": "/section31/glossary",
            "icon": "book",
            "category": "Content",
            "permission": "teacherseat:admin:glossary:terms:list",
        }
    ],
}


def write(tmp_path: Path, data: object, name: str = "system.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def with_change(**changes: object) -> dict:
    data = json.loads(json.dumps(VALID))
    data.update(changes)
    return data


def test_valid_manifest_loads(tmp_path):
    manifest = load_manifest(write(tmp_path, VALID))
    assert manifest.identifier == "TeacherSeat.Community.Glossary"
    assert manifest.version == "1.2.0-beta1"
    assert not manifest.is_core
    assert manifest.menu[0].permission == "teacherseat:admin:glossary:terms:list"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        (with_change(identifier="Glossary"), "identifier"),
        (with_change(version="1.2"), "version"),
        (with_change(version="1.2.0-gamma"), "version"),
        (with_change(type="plugin"), "type"),
        (with_change(name=""), "name"),
        (with_change(label="Bad-Label"), "label"),
        (with_change(colour="red"), "colour"),
        (with_change(permissions="all"), "permissions"),
        (
            with_change(permissions=[{"action": "bad action", "description": "x"}]),
            "permissions[0].action",
        ),
        (with_change(permissions=[{"action": "teacherseat:admin:g:t:list"}]), "permissions[0]"),
        (with_change(menu=[{"name": "x"}]), "menu[0].category"),
        (
            with_change(menu=[{**VALID["menu"][0], "permission": "nope"}]),
            "menu[0].permission",
        ),
        ([1, 2], "(root)"),
    ],
)
def test_invalid_manifest_error_names_file_and_field(tmp_path, data, field):
    path = write(tmp_path, data)
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert info.value.field == field
    assert str(path) in str(info.value)
    assert f"field '{field}'" in str(info.value)


def test_malformed_json_names_the_line(tmp_path):
    path = write(tmp_path, '{\n  "identifier": \n}')
    with pytest.raises(ManifestError, match=r"invalid JSON at line 3"):
        load_manifest(path)


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(ManifestError, match="system.json is missing"):
        load_manifest(tmp_path / "system.json")


def test_duplicate_labels_are_rejected(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = write(tmp_path / "a", VALID)
    second = write(tmp_path / "b", with_change(identifier="TeacherSeat.Community.Other"))
    with pytest.raises(ManifestError) as info:
        load_all([first, second])
    assert info.value.field == "label"


def test_every_installed_app_ships_a_valid_manifest():
    catalogue = registry.load()
    assert {"core", "tenants", "systems", "iam", "content", "learning", "sdk_api"} <= set(catalogue)
    assert catalogue["sdk_api"].type == "managed"
    assert catalogue["iam"].is_core


def test_startup_fails_on_an_invalid_extra_manifest(tmp_path, settings):
    settings.EXTRA_SYSTEM_MANIFESTS = [str(write(tmp_path, with_change(version="x")))]
    try:
        with pytest.raises(ManifestError, match="field 'version'"):
            registry.load()
    finally:
        settings.EXTRA_SYSTEM_MANIFESTS = []
        registry.load()


def test_permissions_may_declare_context_keys(tmp_path):
    keys = [{"key": "glossary:TermCount", "type": "Numeric", "description": "Terms in the request"}]
    data = with_change(permissions=[{**VALID["permissions"][0], "context_keys": keys}])
    manifest = load_manifest(write(tmp_path, data))
    assert manifest.permissions[0].context_keys[0].key == "glossary:TermCount"


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ({"key": "TermCount", "type": "Numeric", "description": "x"}, "context_keys[0].key"),
        ({"key": "glossary:TermCount", "type": "Int", "description": "x"}, "context_keys[0].type"),
        ({"key": "glossary:TermCount", "type": "Numeric"}, "context_keys[0]"),
    ],
)
def test_bad_context_keys_are_named(tmp_path, key, field):
    data = with_change(permissions=[{**VALID["permissions"][0], "context_keys": [key]}])
    with pytest.raises(ManifestError) as info:
        load_manifest(write(tmp_path, data))
    assert info.value.field == f"permissions[0].{field}"


@pytest.fixture
def frontends(tmp_path: Path) -> Path:
    """A static_frontends checkout with one interface entry file per panel."""
    root = tmp_path / "static_frontends"
    for entry in ("section31/src/glossary.js", "student/src/glossary.js"):
        (root / entry).parent.mkdir(parents=True, exist_ok=True)
        (root / entry).write_text("export const routes = {};\n")
    return root


def test_interfaces_name_each_panels_entry_file(tmp_path, frontends):
    interfaces = {"admin": "section31/src/glossary.js", "student": "student/src/glossary.js"}
    manifest = load_manifest(
        write(tmp_path, with_change(interfaces=interfaces)), frontends_dir=frontends
    )
    assert manifest.interfaces == interfaces
    assert manifest.as_json()["interfaces"] == interfaces
    assert load_manifest(write(tmp_path, VALID), frontends_dir=frontends).interfaces == {}


@pytest.mark.parametrize(
    ("interfaces", "field"),
    [
        ("section31/src/glossary.js", "interfaces"),
        (["section31/src/glossary.js"], "interfaces"),
        ({"teacher": "section31/src/glossary.js"}, "interfaces.teacher"),
        ({"admin": ""}, "interfaces.admin"),
        ({"admin": 7}, "interfaces.admin"),
        ({"admin": "/etc/passwd.js"}, "interfaces.admin"),
        ({"admin": "../../etc/evil.js"}, "interfaces.admin"),
        ({"admin": "section31/../../evil.js"}, "interfaces.admin"),
        ({"admin": "./section31/src/glossary.js"}, "interfaces.admin"),
        ({"admin": "section31//src/glossary.js"}, "interfaces.admin"),
        ({"admin": "section31\\src\\glossary.js"}, "interfaces.admin"),
        ({"admin": "section31/src/glossary.css"}, "interfaces.admin"),
        ({"admin": "section31/src"}, "interfaces.admin"),
        ({"admin": "section31/src/missing.js"}, "interfaces.admin"),
        (
            {"admin": "section31/src/glossary.js", "student": "student/src/nope.js"},
            "interfaces.student",
        ),
    ],
)
def test_bad_interfaces_are_named(tmp_path, frontends, interfaces, field):
    path = write(tmp_path, with_change(interfaces=interfaces))
    with pytest.raises(ManifestError) as info:
        load_manifest(path, frontends_dir=frontends)
    assert info.value.field == field
    assert str(path) in str(info.value)


def test_interface_files_are_not_checked_where_the_sources_are_not_shipped(tmp_path):
    # a deployment package has static_frontends/*/dist but no */src (zappa_settings.json)
    deployed = tmp_path / "static_frontends"
    (deployed / "section31" / "dist").mkdir(parents=True)
    data = with_change(interfaces={"admin": "section31/src/glossary.js"})
    manifest = load_manifest(write(tmp_path, data), frontends_dir=deployed)
    assert manifest.interfaces == {"admin": "section31/src/glossary.js"}
    # the path itself is still checked
    bad = with_change(interfaces={"admin": "../glossary.js"})
    with pytest.raises(ManifestError, match="interfaces.admin"):
        load_manifest(write(tmp_path, bad, "bad.json"), frontends_dir=deployed)


def test_the_installed_systems_interface_files_exist():
    catalogue = registry.load()
    frontends = Path(__file__).resolve().parents[2] / "static_frontends"
    entries = [entry for m in catalogue.values() for entry in m.interfaces.values()]
    assert len(entries) >= 8
    assert all((frontends / entry).is_file() for entry in entries)
