"""The request id: honoured from a sane incoming ``X-Request-ID`` or freshly made."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar

_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
current_request_id: ContextVar[str | None] = ContextVar("current_request_id", default=None)


def choose_request_id(incoming: str | None) -> str:
    """Keep a well-formed incoming id (so traces join up); replace anything else."""
    if incoming and _SANE_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex
