"""The output of a render: one statement and its bind parameters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Rendered"]


@dataclass(frozen=True, slots=True)
class Rendered:
    """SQL text with ``%s`` placeholders (literal ``%`` doubled) plus params.

    Always pass ``params`` to ``cursor.execute`` -- even when empty -- so the
    driver un-doubles ``%%``.
    """

    sql: str
    params: tuple[Any, ...]
