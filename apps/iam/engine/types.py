"""Value types shared by every engine module.

Kept free of behaviour so the Django layer can import them (e.g. to serialise an
``Explanation`` into an API response) without pulling in the evaluator.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Literal

Source = Literal["identity", "boundary", "session"]


class Decision(enum.StrEnum):
    """Outcome of an authorisation request.

    A ``StrEnum`` so values serialise to the AWS spellings directly.
    """

    ALLOW = "Allow"
    EXPLICIT_DENY = "ExplicitDeny"
    IMPLICIT_DENY = "ImplicitDeny"


@dataclass(frozen=True, slots=True)
class MatchedStatement:
    """A statement that contributed to a decision (used by ``explain``)."""

    policy: str
    sid: str | None
    effect: str
    source: Source


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why a decision was reached.

    ``statements`` holds the matching Deny statements for ``ExplicitDeny``, the
    matching Allow statements (from every policy kind that had to allow) for
    ``Allow``, and is empty for ``ImplicitDeny``; ``reason`` is a short human text.
    """

    decision: Decision
    statements: tuple[MatchedStatement, ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ValidationIssue:
    """One problem in a policy document.

    ``pointer`` is an RFC 6901 JSON pointer into the submitted document so an
    editor UI can highlight the exact faulty member.
    """

    pointer: str
    message: str
    code: str


class PolicyValidationError(ValueError):
    """Raised when a document has errors; carries every error found, not just the first."""

    def __init__(self, issues: list[ValidationIssue]) -> None:
        self.issues: list[ValidationIssue] = list(issues)
        summary = "; ".join(f"{i.pointer or '/'}: {i.message}" for i in self.issues[:5])
        if len(self.issues) > 5:
            summary += f" (+{len(self.issues) - 5} more)"
        super().__init__(f"invalid policy document: {summary}")


@dataclass(frozen=True, slots=True)
class _Marker:
    """Sentinel type for absent context keys (distinct from ``None``)."""

    name: str = field(default="MISSING")


MISSING = _Marker()
