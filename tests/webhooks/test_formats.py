"""Request bodies per format: the standard envelope, a Teams Workflows card, a Slack message."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from apps.webhooks import formats

WHEN = datetime(2026, 3, 4, 5, 6, 7, 890000, tzinfo=UTC)
USER = {
    "user": {"id": 7, "email": "ada@example.com", "name": "Ada"},
    "source": "signup",
    "invited": False,
    "admin_panel_access": False,
}


def message(event_type: str = "user.created", data: Any = None) -> Any:
    return formats.Message("msg_abc", event_type, WHEN, USER if data is None else data)


def decoded(format_name: str, msg: Any) -> Any:
    return json.loads(formats.body(format_name, msg))


def test_standard_is_the_envelope_with_type_timestamp_and_data():
    assert decoded("standard", message()) == {
        "type": "user.created",
        "timestamp": "2026-03-04T05:06:07.890000Z",
        "data": USER,
    }


def test_teams_is_a_workflows_message_with_an_adaptive_card_1_4():
    body = decoded("teams", message())
    assert body["type"] == "message"
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.4"
    title, subtitle, fact_set = card["body"]
    assert title["type"] == "TextBlock" and title["text"] == "New sign-up: ada@example.com"
    assert "user.created" in subtitle["text"]
    assert fact_set["type"] == "FactSet"
    assert {"title": "user.email", "value": "ada@example.com"} in fact_set["facts"]
    assert {"title": "user.id", "value": "7"} in fact_set["facts"]


def test_slack_has_text_and_blocks_and_escapes_markup():
    body = decoded("slack", message(data={"user": {"email": "<b>&@x.io"}, "source": "signup"}))
    assert body["text"] == "New sign-up: &lt;b&gt;&amp;@x.io"
    assert body["blocks"][0] == {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "*New sign-up: &lt;b&gt;&amp;@x.io*"},
    }
    assert body["blocks"][1]["fields"][0]["text"] == "*user.email*\n&lt;b&gt;&amp;@x.io"
    assert body["blocks"][-1]["type"] == "context"


@pytest.mark.parametrize(
    ("event_type", "data", "expected"),
    [
        ("user.created", USER, "New sign-up: ada@example.com"),
        ("user.created", {**USER, "source": "admin"}, "New account: ada@example.com"),
        ("user.signed_up", {}, "New sign-up: someone"),
        (
            "attempt.submitted",
            {
                "user": {"email": "ada@example.com"},
                "attempt": {"score_percent": 80, "passed": True},
                "question_set": {"title": "Mock exam"},
            },
            "Exam submitted: ada@example.com scored 80% on Mock exam (passed)",
        ),
        ("course.archived", {"course": {"title": "AWS SAA"}}, "Course archived: AWS SAA"),
        ("enrollment_job.finished", {"count": 3}, "Enrollment job finished"),
        (
            "webhook.test",
            {"message": "hi"},
            "Test event from TeacherSeat: this endpoint is reachable",
        ),
    ],
)
def test_summaries_have_a_generic_fallback(event_type, data, expected):
    assert formats.summary(event_type, data) == expected


def test_facts_are_bounded_and_long_values_cut():
    data = {f"k{i}": "v" * 1000 for i in range(50)}
    facts = formats.facts(data)
    assert len(facts) == formats.MAX_FACTS
    assert all(len(value) <= formats.MAX_FACT_VALUE for _, value in facts)
    card = decoded("teams", message("x.y", data))
    assert len(card["attachments"][0]["content"]["body"][2]["facts"]) == formats.MAX_FACTS
    assert len(decoded("slack", message("x.y", data))["blocks"][1]["fields"]) == 10


def test_bodies_are_compact_utf8_json():
    raw = formats.body("standard", message(data={"name": "Zoë"}))
    assert b" " not in raw.replace(b"Zo\xc3\xab", b"") and "Zoë".encode() in raw


def test_every_declared_event_type_gets_a_valid_sample_and_a_summary():
    import jsonschema

    from apps.systems.registry import event_types
    from apps.webhooks.samples import sample_data

    for event in event_types().values():
        data = sample_data(event.schema)
        jsonschema.validate(data, event.schema)
        assert formats.summary(event.type, data)
