"""Custom request headers an academy may add to its endpoint's requests (an API key…).

Refused: names that are not HTTP tokens, values with CR, LF, NUL or other control
characters (header injection), and names the delivery sets itself or that change how the
request is framed or routed (``Host``, ``Content-Length``, ``Transfer-Encoding``,
hop-by-hop headers, ``webhook-*`` signature headers…).
"""

from __future__ import annotations

import re
from typing import Any

MAX_HEADERS = 20
MAX_NAME = 64
MAX_VALUE = 1024
TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
RESERVED = frozenset(
    {
        "host",
        "content-length",
        "content-type",
        "content-encoding",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "te",
        "trailer",
        "upgrade",
        "expect",
        "accept-encoding",
        "user-agent",
        "cookie",
        "forwarded",
    }
)
RESERVED_PREFIXES = ("webhook-", "proxy-", "x-forwarded-", "sec-", ":")


class HeaderProblem(ValueError):
    def __init__(self, name: str, message: str) -> None:
        self.name = name
        super().__init__(message)


def header_problem(name: str, value: str) -> str | None:
    if not name or len(name) > MAX_NAME or not TOKEN.match(name):
        return "A header name is an HTTP token: letters, digits and - (at most 64)."
    lower = name.lower()
    if lower in RESERVED or lower.startswith(RESERVED_PREFIXES):
        return f"{name} is set by TeacherSeat or controls the connection; it cannot be set."
    if len(value) > MAX_VALUE:
        return f"A header value may be at most {MAX_VALUE} characters."
    if any((ord(c) < 32 and c != "\t") or ord(c) == 127 for c in value):
        return "A header value must be one line without control characters."
    return None


def clean_headers(raw: Any) -> dict[str, str]:
    """The headers as ``{name: value}``; HeaderProblem names the first bad one."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise HeaderProblem("headers", "headers must be an object of name -> value.")
    if len(raw) > MAX_HEADERS:
        raise HeaderProblem("headers", f"At most {MAX_HEADERS} custom headers.")
    cleaned: dict[str, str] = {}
    seen: set[str] = set()
    for name, value in raw.items():
        if not isinstance(value, str):
            raise HeaderProblem(str(name), f"The value of {name} must be a string.")
        problem = header_problem(str(name), value)
        if problem is not None:
            raise HeaderProblem(str(name), problem)
        if name.lower() in seen:
            raise HeaderProblem(str(name), f"{name} is given twice.")
        seen.add(name.lower())
        cleaned[str(name)] = value.strip()
    return cleaned
