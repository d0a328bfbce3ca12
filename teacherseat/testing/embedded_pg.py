"""pytest plugin: start the embedded Postgres before pytest-django reads the settings.

Loaded with ``-p teacherseat.testing.embedded_pg`` (see pyproject), which imports it before
pytest-django configures Django, so ``DATABASE_URL`` (the app role) and
``DATABASE_OWNER_URL`` (the owner, who creates the test database) are in place when settings
load. With ``DATABASE_URL`` already set (e.g. the machine's Postgres), nothing is started
and ``DATABASE_OWNER_URL`` must be set too.
"""

import os

from teacherseat.embedded_db import configure_environment

os.environ["TEACHERSEAT_TESTING"] = "1"

configure_environment()
