#!/usr/bin/env python
"""Django's command-line utility for TeacherSeat.

Locally (no ``DATABASE_URL``) it starts or attaches to the embedded Postgres first.
Schema and ops commands run *privileged* (as the configured database user); everything
else, including ``runserver``, runs as the RLS-bound application role.
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
    "tenants",
    "createadmin",
    "seed_demo",
    "systems",
    "check",
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
