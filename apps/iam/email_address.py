"""The one canonical form of an email address, used for storage, lookup and rate limits.

``NFKC`` folds compatibility characters (full-width letters, ligatures) and ``casefold``
folds case the way Unicode defines it, so ``\u017ftudent@…`` (long s), full-width
``STUDENT@…`` and ``Student@…`` are one address everywhere: sign-up, sign-in, password
reset, admin-created users, enrollment by email, and the sign-in limiter's key.
Normalising again after casefolding keeps the result stable (idempotent).
"""

from __future__ import annotations

import unicodedata


def canonical_email(email: str) -> str:
    folded = unicodedata.normalize("NFKC", email.strip()).casefold()
    return unicodedata.normalize("NFKC", folded)
