#!/usr/bin/env python
"""Django's command-line utility for TeacherSeat.

Locally (no ``DATABASE_URL``) it starts or attaches to the embedded Postgres first, which
creates the two roles and fills ``DATABASE_URL`` and ``DATABASE_OWNER_URL``.
Schema commands and ``tenants`` run *privileged*: they log in as the owner of the tables
(``DATABASE_OWNER_URL``). Everything else, including ``runserver`` and the other ops
commands (``createadmin``, ``seed_demo``, ``systems``), logs in as the application role,
bound by row-level security, so a seeder that forgets its tenant context writes nothing
rather than into the wrong academy. The owner is bound by RLS too (tenant tables FORCE it),
but it owns the tables and may write the tenants table.
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
