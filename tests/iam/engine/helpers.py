"""Shared by the engine's condition tests: does a one-statement policy allow the request?"""

from __future__ import annotations

from typing import Any

from apps.iam.engine import Decision, evaluate

ACTION = "svc:Do"
RESOURCE = "res/1"


def allowed(condition: dict[str, Any], context: dict[str, Any]) -> bool:
    doc = {
        "Version": "2012-10-17",
        "Statement": {
            "Effect": "Allow",
            "Action": ACTION,
            "Resource": RESOURCE,
            "Condition": condition,
        },
    }
    return evaluate(doc, ACTION, RESOURCE, context) is Decision.ALLOW
