"""Error reports mask every setting that may hold a credential.

Django's default filter hides names containing API, TOKEN, KEY, SECRET, PASS or SIGNATURE;
``DATABASE_URL`` (user and password inside a URL) and other ``*_URL``/``DSN`` settings slip
through it, so the pattern is widened.
"""

from __future__ import annotations

import re

from django.views.debug import SafeExceptionReporterFilter


class MaskingExceptionReporterFilter(SafeExceptionReporterFilter):
    hidden_settings = re.compile(
        "API|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|DATABASE|_URL|DSN|CREDENTIAL",
        flags=re.IGNORECASE,
    )
