#!/usr/bin/env python
"""Django's command-line utility for TeacherSeat.

Locally (no ``DATABASE_URL``) it starts or attaches to the embedded Postgres first.
Schema commands run *privileged* (as the configured database user); everything else,
including ``runserver`` and the ops commands (``tenants``, ``createadmin``, ``seed_demo``,
``systems``), runs as the RLS-bound application role, so a seeder that forgets its tenant
context writes nothing rather than into the wrong academy.
"""

import os
import sys

PRIVILEGED_COMMANDS = {
    "migrate",
    "makemigrations",
    "sqlmigrate",
    "showmigrations",
    "flush",
    "dbshell",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
    from teacherseat.embedded_db import configure_environment

    configure_environment()
    from django.core.management import execute_from_command_line

    if len(sys.argv) > 1 and sys.argv[1] in PRIVILEGED_COMMANDS:
        import django

        from apps.tenants.db_role import set_privileged

        django.setup()
        set_privileged(True)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
