"""Helpers shared by the learning tests (the student API as a learner drives it)."""

from __future__ import annotations

import json
from typing import Any

JSON = "application/json"
S = "/api/student/learning"


def post(client: Any, url: Any, body: Any = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type=JSON)


def put(client: Any, url: Any, body: Any) -> Any:
    return client.put(url, json.dumps(body), content_type=JSON)


def enroll(world: Any, client: Any = None) -> Any:
    return post(client or world.alice_client, f"{S}/courses/{world.course.pk}/enroll")


def complete_everything(world: Any, client: Any = None) -> Any:
    client = client or world.alice_client
    enroll(world, client)
    for material in world.articles:
        post(client, f"{S}/materials/{material.pk}/complete")
    attempt = post(client, f"{S}/question-sets/{world.quiz_set.pk}/attempts").json()
    for item in attempt["items"]:
        answer_ids = {"Q1": ["b"], "Q2": ["b"], "Q3": ["a", "c"]}[item["stem"]]
        put(
            client,
            f"{S}/attempts/{attempt['id']}/items/{item['position']}/answer",
            {"choice_ids": answer_ids},
        )
    return post(client, f"{S}/attempts/{attempt['id']}/submit").json()
