"""Request bodies per endpoint format. Every format is signed the same way (signing.py).

- ``standard``: the Standard Webhooks envelope ``{"type", "timestamp", "data"}``.
- ``teams``: a Microsoft Teams Workflows message carrying an Adaptive Card 1.4 (a title and
  a FactSet of the event's data).
- ``slack``: an incoming-webhook message, ``{"text", "blocks"}``.

The chat formats lead with a one-line human summary of the event (``New sign-up:
ada@example.com``); event types without a summary of their own get a generic one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

MAX_FACTS = 20
MAX_FACT_VALUE = 300
NAME_KEYS = ("email", "title", "name", "slug", "code", "id")


@dataclass(frozen=True)
class Message:
    """What a delivery sends, before it is shaped for a format."""

    webhook_id: str
    event_type: str
    occurred_at: datetime
    data: Mapping[str, Any]

    @property
    def timestamp(self) -> str:
        """UTC with microseconds and ``Z`` (the delivery log shows the same text)."""
        return self.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _get(data: Mapping[str, Any], *path: str) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _first_name(value: Any, depth: int = 0) -> str | None:
    """The first identifying value (e-mail, title, name…) in the data, two levels deep."""
    if not isinstance(value, Mapping) or depth > 2:
        return None
    for key in NAME_KEYS:
        found = value.get(key)
        if isinstance(found, str | int) and not isinstance(found, bool) and str(found):
            return str(found)
    for nested in value.values():
        name = _first_name(nested, depth + 1)
        if name:
            return name
    return None


def _who(data: Mapping[str, Any], key: str) -> str:
    return str(_get(data, key, "email") or _first_name(_get(data, key)) or "someone")


def _course(data: Mapping[str, Any]) -> str:
    return str(_get(data, "course", "title") or _first_name(_get(data, "course")) or "a course")


SUMMARIES: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "user.created": lambda d: (
        f"{'New sign-up' if d.get('source') == 'signup' else 'New account'}: {_who(d, 'user')}"
    ),
    "user.signed_up": lambda d: f"New sign-up: {_who(d, 'user')}",
    "course.published": lambda d: f"Course published: {_course(d)}",
    "enrollment.created": lambda d: f"New enrollment: {_who(d, 'user')} in {_course(d)}",
    "enrollment.revoked": lambda d: f"Enrollment revoked: {_who(d, 'user')} in {_course(d)}",
    "material.completed": lambda d: (
        f"{_who(d, 'user')} completed {_get(d, 'material', 'title') or 'a lesson'} in {_course(d)}"
    ),
    "course.completed": lambda d: f"Course completed: {_who(d, 'user')} finished {_course(d)}",
    "attempt.submitted": lambda d: (
        f"Exam submitted: {_who(d, 'user')} scored "
        f"{_get(d, 'attempt', 'score_percent')}% on "
        f"{_get(d, 'question_set', 'title') or 'an exam'}"
        f" ({'passed' if _get(d, 'attempt', 'passed') else 'not passed'})"
    ),
    "certificate.issued": lambda d: f"Certificate issued: {_who(d, 'user')} for {_course(d)}",
    "certificate.revoked": lambda d: f"Certificate revoked: {_who(d, 'user')} for {_course(d)}",
    "webhook.test": lambda d: "Test event from TeacherSeat: this endpoint is reachable",
}


def humanize(event_type: str) -> str:
    """``enrollment.created`` → ``Enrollment created``."""
    text = event_type.replace(".", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def summary(event_type: str, data: Mapping[str, Any]) -> str:
    custom = SUMMARIES.get(event_type)
    if custom is not None:
        text = custom(data).strip().rstrip(":")
        if text:
            return text
    name = _first_name(data)
    return f"{humanize(event_type)}: {name}" if name else humanize(event_type)


def _scalar(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_FACT_VALUE else text[: MAX_FACT_VALUE - 1] + "…"


def facts(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """The data flattened to ``(dotted key, text)`` pairs, at most ``MAX_FACTS``."""
    found: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping) and value:
            found.extend(facts(value, f"{name}."))
        else:
            found.append((name, _scalar(value)))
        if len(found) >= MAX_FACTS:
            return found[:MAX_FACTS]
    return found


def standard(message: Message) -> dict[str, Any]:
    return {"type": message.event_type, "timestamp": message.timestamp, "data": message.data}


def teams(message: Message) -> dict[str, Any]:
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": summary(message.event_type, message.data),
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
            },
            {
                "type": "TextBlock",
                "text": f"{message.event_type} · {message.timestamp}",
                "isSubtle": True,
                "spacing": "None",
                "wrap": True,
            },
            {
                "type": "FactSet",
                "facts": [{"title": k, "value": v} for k, v in facts(message.data)],
            },
        ],
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack(message: Message) -> dict[str, Any]:
    title = _slack_escape(summary(message.event_type, message.data))
    fields = [
        {"type": "mrkdwn", "text": f"*{_slack_escape(k)}*\n{_slack_escape(v)}"}
        for k, v in facts(message.data)[:10]  # Slack allows ten fields per section
    ]
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{title}*"}},
    ]
    if fields:
        blocks.append({"type": "section", "fields": fields})
    blocks.append(
        {
            "type": "context",
            "elements": [
                {"type": "mrkdwn", "text": f"`{message.event_type}` · {message.timestamp}"}
            ],
        }
    )
    return {"text": title, "blocks": blocks}


FORMATTERS: dict[str, Callable[[Message], dict[str, Any]]] = {
    "standard": standard,
    "teams": teams,
    "slack": slack,
}


def body(format_name: str, message: Message) -> bytes:
    """The request body for an endpoint of ``format_name`` (compact UTF-8 JSON)."""
    document = FORMATTERS[format_name](message)
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
