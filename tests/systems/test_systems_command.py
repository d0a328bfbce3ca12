from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("systems", *args, stdout=out)
    return out.getvalue()


def test_list_shows_state_and_deregister_changes_it(tenant):
    assert "sdk_api\tTeacherSeat.SDK.API\t0.1.0-alpha1\tmanaged\tregistered" in run("list")
    assert run("deregister", "sdk_api") == "sdk_api: deregistered for default\n"
    assert "managed\tderegistered" in run("list")
    assert run("register", "sdk_api") == "sdk_api: registered for default\n"


def test_core_systems_cannot_be_deregistered_from_the_command_line(tenant):
    with pytest.raises(CommandError, match="core system"):
        run("deregister", "iam")


def test_unknown_tenant_is_an_error(db):
    with pytest.raises(CommandError, match="No tenant"):
        run("list", "--tenant", "ghost")
