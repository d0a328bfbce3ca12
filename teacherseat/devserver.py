"""``make run``: embedded Postgres, migrations, demo data, then the development server.

This process holds the embedded cluster for as long as the server runs; when it exits
(Ctrl-C or a crash) the cluster is stopped cleanly and the next ``make run`` restarts it.
"""

from __future__ import annotations

import os
import subprocess
import sys

from teacherseat.embedded_db import configure_environment


def manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "teacherseat.settings")
    configure_environment()
    address = os.environ.get("RUN_ADDRESS", "localhost:8000")
    manage("migrate", "--no-input", "-v", "0")
    manage("seed_demo")
    print(f"TeacherSeat is running on http://{address}/  (Ctrl-C to stop)", flush=True)
    try:
        manage("runserver", address)
    except KeyboardInterrupt:
        return 0
    except subprocess.CalledProcessError as exc:
        return exc.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
