"""Production settings: safe defaults, `check --deploy` clean, refuse the dev secret key."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DATABASE_URL": "postgresql://teacherseat_app@db.internal:5432/teacherseat",
    "PRIMARY_DOMAIN": "teacherseat.example",
}


def test_production_passes_check_deploy_at_warning_level():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_the_default_secret_key():
    result = run_manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_a_database_url():
    env = {**PRODUCTION, "SECRET_KEY": secrets.token_urlsafe(50)}
    env.pop("DATABASE_URL")
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "DATABASE_URL must be set in production" in result.stderr


def test_non_postgres_databases_are_refused():
    result = run_manage("check", DATABASE_URL="mysql://root@localhost/teacherseat")
    assert result.returncode != 0
    assert "must point at PostgreSQL" in result.stderr


def test_production_hashes_passwords_with_argon2_even_if_the_test_flag_leaks():
    show = "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])"
    result = run_manage(
        "shell",
        "-c",
        show,
        SECRET_KEY=secrets.token_urlsafe(50),
        TEACHERSEAT_TESTING="1",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.strip().splitlines()[-1] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    )
