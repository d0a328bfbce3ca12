"""Choose the questions of a new attempt: a fixed list, or a draw from a pool by weight."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Sequence

from apps.content.models import Question, QuestionSet, QuestionSetItem, Topic

_random = secrets.SystemRandom()


def candidates(question_set: QuestionSet) -> list[Question]:
    """The set's listed questions in order, or (an empty pool) every top-level course question."""
    listed = [
        item.question
        for item in QuestionSetItem.objects.filter(question_set=question_set)
        .select_related("question__topic")
        .order_by("position")
    ]
    if listed or question_set.mode == QuestionSet.Mode.FIXED:
        return listed
    return list(
        Question.objects.filter(course_id=question_set.course_id, parent__isnull=True)
        .select_related("topic")
        .order_by("id")
    )


def topic_quotas(
    total: int, weights: dict[int | None, int], available: dict[int | None, int]
) -> dict[int | None, int]:
    """Split ``total`` across topics by weight (largest remainder), capped by availability.

    Whatever a topic cannot supply is handed to the others, heaviest first.
    """
    weight_sum = sum(weights.values())
    quotas: dict[int | None, int] = {}
    if weight_sum > 0:
        exact = {t: total * w / weight_sum for t, w in weights.items()}
        quotas = {t: int(v) for t, v in exact.items()}
        leftovers = sorted(exact, key=lambda t: (exact[t] - quotas[t], weights[t]), reverse=True)
        for topic in leftovers[: total - sum(quotas.values())]:
            quotas[topic] += 1
    quotas = {t: min(q, available.get(t, 0)) for t, q in quotas.items()}
    shortfall = total - sum(quotas.values())
    order = sorted(available, key=lambda t: weights.get(t, 0), reverse=True)
    for topic in order:
        if shortfall <= 0:
            break
        extra = min(shortfall, available[topic] - quotas.get(topic, 0))
        if extra > 0:
            quotas[topic] = quotas.get(topic, 0) + extra
            shortfall -= extra
    return quotas


def draw(question_set: QuestionSet) -> list[Question]:
    """Top-level questions for one attempt, in presentation order."""
    pool = candidates(question_set)
    if question_set.mode == QuestionSet.Mode.FIXED:
        chosen = list(pool)
    else:
        count = min(question_set.draw_count or len(pool), len(pool))
        if question_set.draw_by_topic_weight:
            by_topic: dict[int | None, list[Question]] = defaultdict(list)
            for question in pool:
                by_topic[question.topic_id].append(question)
            weights = dict(
                Topic.objects.filter(course_id=question_set.course_id).values_list("id", "weight")
            )
            weights = {t: w for t, w in weights.items() if t in by_topic}
            quotas = topic_quotas(count, dict(weights), {t: len(qs) for t, qs in by_topic.items()})
            chosen = []
            for topic, quota in quotas.items():
                chosen.extend(_random.sample(by_topic[topic], quota))
            chosen.sort(key=lambda q: q.pk)
        else:
            chosen = sorted(_random.sample(pool, count), key=lambda q: q.pk)
    if question_set.shuffle:
        _random.shuffle(chosen)
    return chosen


def shuffled(items: Sequence[dict[str, str]], shuffle: bool) -> list[dict[str, str]]:
    result = [dict(c) for c in items]
    if shuffle:
        _random.shuffle(result)
    return result
