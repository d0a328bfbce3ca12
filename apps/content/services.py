"""Writes on content. Callers have been authorised (IAM) and resolved the course already.

Ordering invariant: chapters of a course and materials of a chapter have contiguous
positions 1..n. Every write that changes positions locks the course row first
(``select_for_update``), so concurrent reorders serialise on the course and the deferred
unique constraints on ``(course|chapter, position)`` hold at commit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlparse

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from apps.content.errors import (
    ContentInUse,
    ContentNotFound,
    InvalidContent,
    InvalidPosition,
    SlugTaken,
)
from apps.content.events import COURSE_PUBLISHED
from apps.content.files import IMAGE_TYPES, MATERIAL_TYPES, StoredFile, store_upload
from apps.content.models import (
    Chapter,
    Course,
    Material,
    Question,
    QuestionSet,
    QuestionSetItem,
    Topic,
)
from apps.content.rendering import markdown_to_html
from apps.content.selectors import access_chapter, access_course, access_material
from apps.events.services import emit

VIDEO_PROVIDERS = ("youtube", "vimeo", "wistia")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- courses -----------------------------------------------------------------------------

COURSE_FIELDS = ("title", "slug", "summary", "description", "tags", "estimated_minutes")


def _check_slug(slug: str) -> None:
    if not SLUG_RE.match(slug):
        raise InvalidContent(
            "A slug uses lower-case letters, digits and single hyphens.",
            errors={"slug": ["invalid slug"]},
        )


def _save_course(course: Course) -> None:
    try:
        with transaction.atomic():
            course.save()
    except IntegrityError as exc:
        if "content_courses_tenant_slug_uniq" in str(exc):
            raise SlugTaken(
                f"Another course already uses the slug {course.slug!r}.",
                errors={"slug": ["already taken"]},
            ) from exc
        raise


@transaction.atomic
def course_create(
    *,
    title: str,
    slug: str,
    summary: str = "",
    description: str = "",
    tags: Sequence[str] = (),
    estimated_minutes: int | None = None,
) -> Course:
    """Create a draft course; the description Markdown is rendered and sanitised."""
    _check_slug(slug)
    course = Course(
        title=title,
        slug=slug,
        summary=summary,
        description_md=description,
        description_html=markdown_to_html(description),
        tags=sorted(set(tags)),
        estimated_minutes=estimated_minutes,
    )
    _save_course(course)
    return course


@transaction.atomic
def course_update(*, course: Course, changes: Mapping[str, Any]) -> Course:
    """Apply the given subset of :data:`COURSE_FIELDS`."""
    for field, value in changes.items():
        if field == "description":
            course.description_md = value
            course.description_html = markdown_to_html(value)
        elif field == "slug":
            _check_slug(value)
            course.slug = value
        elif field == "tags":
            course.tags = sorted(set(value))
        elif field in COURSE_FIELDS:
            setattr(course, field, value)
    _save_course(course)
    return course


@transaction.atomic
def course_set_status(*, course: Course, status: str) -> Course:
    """Publish, unpublish (back to draft) or archive a course.

    Emits ``course.published`` when a course that was not published becomes published
    (once: the caller holds the course row locked, as the admin API does).
    """
    newly_published = status == Course.Status.PUBLISHED and course.status != status
    if status == Course.Status.PUBLISHED:
        if not Material.objects.filter(course=course).exists():
            raise InvalidContent(
                "A course needs at least one material to be published.", code="course_empty"
            )
        missing = list(
            Material.objects.filter(course=course, kind=Material.Kind.FILE, file_path="")
            .order_by("chapter__position", "position")
            .values_list("title", flat=True)
        )
        if missing:
            raise InvalidContent(
                "Upload the files of these materials before publishing: " + ", ".join(missing),
                code="file_missing",
                errors={"materials": missing},
            )
        if course.published_at is None:
            course.published_at = timezone.now()
    course.status = status
    course.save(update_fields=["status", "published_at", "updated_at"])
    if newly_published:
        emit(
            COURSE_PUBLISHED,
            {
                "course": {
                    "id": course.pk,
                    "title": course.title,
                    "slug": course.slug,
                    "published_at": course.published_at,
                }
            },
        )
    return course


@transaction.atomic
def course_delete(*, course: Course) -> None:
    """Delete a draft or archived course with everything in it."""
    if course.status == Course.Status.PUBLISHED:
        raise ContentInUse("Unpublish the course before deleting it.", code="course_published")
    Material.objects.filter(course=course).delete()
    QuestionSetItem.objects.filter(question_set__course=course).delete()
    QuestionSet.objects.filter(course=course).delete()
    Question.objects.filter(course=course, parent__isnull=False).delete()
    course.delete()


@transaction.atomic
def course_set_cover(*, course: Course, upload: Any) -> Course:
    stored = store_upload(upload, folder=f"courses/{course.pk}/cover", allowed=IMAGE_TYPES)
    course.cover_image = stored.path
    course.save(update_fields=["cover_image", "updated_at"])
    return course


# --- chapters and ordering -----------------------------------------------------------------


def _check_position(position: int, upper: int) -> None:
    if not 1 <= position <= upper:
        raise InvalidPosition(
            f"Position must be between 1 and {upper}.",
            errors={"position": [f"must be between 1 and {upper}"]},
            extra={"min_position": 1, "max_position": upper},
        )


def _in_order(model: Any, **parent: Any) -> list[Any]:
    """The rows of a parent (course or chapter), by position."""
    return list(model.objects.filter(**parent).order_by("position"))


def _renumber(rows: Sequence[Any], model: Any) -> None:
    changed = []
    for index, row in enumerate(rows, start=1):
        if row.position != index:
            row.position = index
            changed.append(row)
    if changed:
        model.objects.bulk_update(changed, ["position"])


def _place(rows: list[Any], row: Any, position: int) -> None:
    """Put ``row`` at ``position`` (1-based) among ``rows`` and renumber them 1..n."""
    rows.insert(position - 1, row)
    _renumber(rows, type(row))


def _new_position(siblings: Sequence[Any], position: int | None) -> int:
    """Where a new row goes among its siblings: ``position`` (checked) or last."""
    target = len(siblings) + 1 if position is None else position
    _check_position(target, len(siblings) + 1)
    return target


def _save_new(row: Any, siblings: list[Any], target: int) -> None:
    """Insert a new row past the end (the deferred unique positions hold), then move it."""
    row.position = len(siblings) + 1
    row.save()
    _place(siblings, row, target)


def _delete_and_close_gap(row: Any, **parent: Any) -> None:
    """Delete a positioned row; the rows left in its parent close up (1..n)."""
    row.delete()
    _renumber(_in_order(type(row), **parent), type(row))


@transaction.atomic
def chapter_create(*, course: Course, title: str, position: int | None = None) -> Chapter:
    """Add a chapter at ``position`` (default: last); later chapters shift down."""
    access_course(course.pk, lock=True)
    chapters = _in_order(Chapter, course=course)
    target = _new_position(chapters, position)
    chapter = Chapter(course=course, title=title)
    _save_new(chapter, chapters, target)
    return chapter


@transaction.atomic
def chapter_update(*, chapter: Chapter, title: str) -> Chapter:
    chapter.title = title
    chapter.save(update_fields=["title"])
    return chapter


@transaction.atomic
def chapter_move(*, course: Course, chapter_id: int, position: int) -> Chapter:
    """Move a chapter to ``position`` (1-based); the others close up around it."""
    access_course(course.pk, lock=True)
    chapters = _in_order(Chapter, course=course)
    chapter: Chapter | None = next((c for c in chapters if c.pk == chapter_id), None)
    if chapter is None:
        raise ContentNotFound("No such chapter in this course.")
    _check_position(position, len(chapters))
    chapters.remove(chapter)
    _place(chapters, chapter, position)
    return chapter


@transaction.atomic
def chapter_delete(*, course: Course, chapter_id: int) -> None:
    access_course(course.pk, lock=True)
    _delete_and_close_gap(access_chapter(course, chapter_id), course=course)


# --- materials ---------------------------------------------------------------------------

MATERIAL_FIELDS = (
    "title",
    "required",
    "video_provider",
    "video_ref",
    "video_url",
    "duration_seconds",
    "body",
    "question_set_id",
)


def _apply_material_fields(material: Material, fields: Mapping[str, Any]) -> None:
    for name, value in fields.items():
        if name == "body":
            material.body_md = value or ""
            material.body_html = markdown_to_html(value or "")
        elif name in MATERIAL_FIELDS:
            setattr(
                material,
                name,
                value
                if value is not None or name.endswith("_id") or name == "duration_seconds"
                else "",
            )
    _validate_material(material)


def _validate_material(material: Material) -> None:
    errors: dict[str, list[str]] = {}
    kind = material.kind
    if kind == Material.Kind.VIDEO:
        if material.video_url:
            if urlparse(material.video_url).scheme not in {"http", "https"}:
                errors["video_url"] = ["must be an http(s) URL"]
        elif not (material.video_provider and material.video_ref):
            errors["video_ref"] = ["give video_provider and video_ref, or video_url"]
        if material.video_provider and material.video_provider not in VIDEO_PROVIDERS:
            errors["video_provider"] = [f"must be one of {', '.join(VIDEO_PROVIDERS)}"]
    elif kind == Material.Kind.ARTICLE:
        if not material.body_md.strip():
            errors["body"] = ["an article needs a body"]
    elif kind == Material.Kind.QUIZ:
        if material.question_set_id is None:
            errors["question_set_id"] = ["a quiz links a question set"]
        elif not QuestionSet.objects.filter(
            pk=material.question_set_id, course_id=material.course_id
        ).exists():
            errors["question_set_id"] = ["no such question set in this course"]
    elif kind != Material.Kind.FILE:
        errors["kind"] = ["must be video, article, file or quiz"]
    if kind != Material.Kind.QUIZ and material.question_set_id is not None:
        errors["question_set_id"] = ["only quizzes link a question set"]
    if errors:
        raise InvalidContent(f"The {kind} material is not valid.", errors=errors)


@transaction.atomic
def material_create(
    *,
    course: Course,
    chapter_id: int,
    kind: str,
    title: str,
    fields: Mapping[str, Any],
    position: int | None = None,
) -> Material:
    """Add a material to a chapter at ``position`` (default: last)."""
    access_course(course.pk, lock=True)
    chapter = access_chapter(course, chapter_id)
    siblings = _in_order(Material, chapter=chapter)
    target = _new_position(siblings, position)
    material = Material(course=course, chapter=chapter, kind=kind, title=title)
    _apply_material_fields(material, fields)
    _save_new(material, siblings, target)
    return material


@transaction.atomic
def material_update(*, material: Material, changes: Mapping[str, Any]) -> Material:
    _apply_material_fields(material, changes)
    material.save()
    return material


@transaction.atomic
def material_move(
    *, course: Course, material_id: int, position: int, chapter_id: int | None = None
) -> Material:
    """Move a material to ``position`` in its chapter, or in another chapter of the course."""
    access_course(course.pk, lock=True)
    material = access_material(course, material_id)
    source_id = material.chapter_id
    target_chapter = access_chapter(course, chapter_id) if chapter_id else material.chapter
    target = _in_order(Material, chapter=target_chapter)
    moving_across = target_chapter.pk != source_id
    _check_position(position, len(target) + (1 if moving_across else 0))
    target = [m for m in target if m.pk != material.pk]
    if moving_across:
        # Park it past the end of the target chapter, then close the gap it left behind.
        last = Material.objects.filter(chapter=target_chapter).aggregate(m=Max("position"))["m"]
        material.chapter = target_chapter
        material.position = (last or 0) + 1
        material.save(update_fields=["chapter", "position"])
        _renumber(_in_order(Material, chapter_id=source_id), Material)
    _place(target, material, position)
    return material


@transaction.atomic
def material_delete(*, course: Course, material_id: int) -> None:
    access_course(course.pk, lock=True)
    material = access_material(course, material_id)
    _delete_and_close_gap(material, chapter_id=material.chapter_id)


@transaction.atomic
def material_attach_file(*, material: Material, upload: Any) -> Material:
    """Store an uploaded file for a ``file`` material (size and type limits apply)."""
    if material.kind != Material.Kind.FILE:
        raise InvalidContent("Only file materials take an upload.", code="not_a_file_material")
    stored: StoredFile = store_upload(
        upload, folder=f"courses/{material.course_id}/materials", allowed=MATERIAL_TYPES
    )
    material.file_path = stored.path
    material.file_name = stored.name
    material.file_size = stored.size
    material.file_content_type = stored.content_type
    material.save(update_fields=["file_path", "file_name", "file_size", "file_content_type"])
    return material


# --- topics ------------------------------------------------------------------------------


def _save_topic(topic: Topic) -> Topic:
    try:
        with transaction.atomic():
            topic.save()
    except IntegrityError as exc:
        raise InvalidContent(
            f"The course already has a topic named {topic.name!r}.",
            code="topic_exists",
            errors={"name": ["already exists"]},
        ) from exc
    return topic


@transaction.atomic
def topic_create(*, course: Course, name: str, weight: int = 1) -> Topic:
    return _save_topic(Topic(course=course, name=name, weight=weight))


@transaction.atomic
def topic_update(*, topic: Topic, changes: Mapping[str, Any]) -> Topic:
    for field in ("name", "weight"):
        if field in changes:
            setattr(topic, field, changes[field])
    return _save_topic(topic)


@transaction.atomic
def topic_delete(*, topic: Topic) -> None:
    topic.delete()


# --- questions ---------------------------------------------------------------------------


def _normalise_choices(
    raw: Sequence[Mapping[str, Any]], field: str
) -> tuple[list[dict[str, str]], list[str]]:
    choices: list[dict[str, str]] = []
    correct: list[str] = []
    for index, item in enumerate(raw):
        choice_id = str(item.get("id") or (chr(ord("a") + index) if index < 26 else f"c{index}"))
        if any(c["id"] == choice_id for c in choices):
            raise InvalidContent("Choice ids must be unique.", errors={field: ["duplicate id"]})
        choices.append({"id": choice_id, "text": str(item["text"])})
        if item.get("correct"):
            correct.append(choice_id)
    return choices, correct


def _validate_answerable(
    kind: str, choices: list[dict[str, str]], correct: list[str], field: str
) -> None:
    if kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        raise InvalidContent(
            f"{field}: kind must be single or multiple.",
            errors={field: ["kind must be single or multiple"]},
        )
    if len(choices) < 2:
        raise InvalidContent(
            f"{field}: a question needs at least two choices.",
            errors={field: ["at least two choices"]},
        )
    if kind == Question.Kind.SINGLE and len(correct) != 1:
        raise InvalidContent(
            f"{field}: a multiple-choice question has exactly one correct choice.",
            errors={field: ["exactly one correct choice"]},
        )
    if kind == Question.Kind.MULTIPLE and not correct:
        raise InvalidContent(
            f"{field}: mark at least one correct choice.",
            errors={field: ["at least one correct choice"]},
        )


def _topic_for(course: Course, topic_id: int | None) -> Topic | None:
    if topic_id is None:
        return None
    try:
        topic: Topic = Topic.objects.get(pk=topic_id, course=course)
    except Topic.DoesNotExist as exc:
        raise InvalidContent(
            "No such topic in this course.", errors={"topic_id": ["no such topic"]}
        ) from exc
    return topic


def _fill_question(question: Question, data: Mapping[str, Any], field: str) -> None:
    question.kind = data.get("kind", question.kind)
    question.stem = data.get("stem", question.stem)
    question.explanation = data.get("explanation", question.explanation) or ""
    question.difficulty = data.get("difficulty", question.difficulty)
    if question.kind == Question.Kind.CASE_STUDY:
        question.scenario = data.get("scenario", question.scenario) or ""
        question.choices, question.correct_choice_ids = [], []
        if not question.scenario.strip():
            raise InvalidContent(
                "A case study needs a scenario.", errors={"scenario": ["required"]}
            )
        return
    if "choices" in data:
        question.choices, question.correct_choice_ids = _normalise_choices(data["choices"], field)
    _validate_answerable(question.kind, question.choices, list(question.correct_choice_ids), field)


@transaction.atomic
def question_create(*, course: Course, data: Mapping[str, Any]) -> Question:
    """Create a question; a case study creates its ``sub_questions`` as children."""
    question = Question(course=course, topic=_topic_for(course, data.get("topic_id")))
    _fill_question(question, data, "choices")
    subs = data.get("sub_questions") or []
    if question.kind == Question.Kind.CASE_STUDY and not subs:
        raise InvalidContent(
            "A case study needs sub-questions.", errors={"sub_questions": ["at least one"]}
        )
    if question.kind != Question.Kind.CASE_STUDY and subs:
        raise InvalidContent(
            "Only case studies have sub-questions.",
            errors={"sub_questions": ["only for case studies"]},
        )
    question.save()
    _replace_sub_questions(course, question, subs)
    return question


def _replace_sub_questions(
    course: Course, question: Question, subs: Sequence[Mapping[str, Any]]
) -> None:
    if not subs:
        return
    Question.objects.filter(parent=question).delete()
    for index, sub in enumerate(subs, start=1):
        child = Question(
            course=course,
            parent=question,
            position=index,
            topic=_topic_for(course, sub.get("topic_id", question.topic_id)),
        )
        _fill_question(child, sub, f"sub_questions[{index - 1}]")
        child.save()


@transaction.atomic
def question_update(*, question: Question, changes: Mapping[str, Any]) -> Question:
    course = question.course
    if (
        "kind" in changes
        and changes["kind"] != question.kind
        and (Question.Kind.CASE_STUDY in (changes["kind"], question.kind))
    ):
        raise InvalidContent(
            "A question cannot change to or from a case study.", errors={"kind": ["cannot change"]}
        )
    if "topic_id" in changes:
        question.topic = _topic_for(course, changes["topic_id"])
    _fill_question(question, changes, "choices")
    question.save()
    if question.kind == Question.Kind.CASE_STUDY:
        _replace_sub_questions(course, question, changes.get("sub_questions") or [])
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    Question.objects.filter(parent=question).delete()
    question.delete()


# --- question sets -------------------------------------------------------------------------

SET_FIELDS = (
    "title",
    "mode",
    "draw_count",
    "draw_by_topic_weight",
    "time_limit_seconds",
    "pass_mark",
    "shuffle",
    "attempts_allowed",
    "partial_credit",
)


def _set_items(question_set: QuestionSet, question_ids: Sequence[int]) -> None:
    if len(set(question_ids)) != len(question_ids):
        raise InvalidContent("A question appears twice.", errors={"question_ids": ["duplicates"]})
    found = set(
        Question.objects.filter(
            pk__in=question_ids, course_id=question_set.course_id, parent__isnull=True
        ).values_list("pk", flat=True)
    )
    missing = [qid for qid in question_ids if qid not in found]
    if missing:
        raise InvalidContent(
            "Some questions are not top-level questions of this course.",
            errors={"question_ids": [f"unknown: {missing[:10]}"]},
        )
    QuestionSetItem.objects.filter(question_set=question_set).delete()
    QuestionSetItem.objects.bulk_create(
        QuestionSetItem(question_set=question_set, question_id=qid, position=index)
        for index, qid in enumerate(question_ids, start=1)
    )


def _validate_set(question_set: QuestionSet, item_count: int) -> None:
    errors: dict[str, list[str]] = {}
    if not 0 <= question_set.pass_mark <= 100:
        errors["pass_mark"] = ["must be between 0 and 100"]
    if question_set.mode == QuestionSet.Mode.POOL:
        if not question_set.draw_count:
            errors["draw_count"] = ["a pool draws at least one question"]
    elif question_set.mode == QuestionSet.Mode.FIXED:
        if item_count == 0:
            errors["question_ids"] = ["a fixed set lists at least one question"]
        if question_set.draw_by_topic_weight:
            errors["draw_by_topic_weight"] = ["only pools draw by topic weight"]
    else:
        errors["mode"] = ["must be fixed or pool"]
    if errors:
        raise InvalidContent("The question set is not valid.", errors=errors)


@transaction.atomic
def question_set_create(
    *, course: Course, data: Mapping[str, Any], question_ids: Sequence[int] = ()
) -> QuestionSet:
    """A fixed list (``question_ids`` in order) or a pool (draw from the ids, or the course)."""
    question_set = QuestionSet(course=course, **{k: v for k, v in data.items() if k in SET_FIELDS})
    _validate_set(question_set, len(question_ids))
    question_set.save()
    _set_items(question_set, list(question_ids))
    return question_set


@transaction.atomic
def question_set_update(
    *, question_set: QuestionSet, changes: Mapping[str, Any], question_ids: Sequence[int] | None
) -> QuestionSet:
    for field in SET_FIELDS:
        if field in changes:
            setattr(question_set, field, changes[field])
    if question_ids is not None:
        _set_items(question_set, list(question_ids))
    _validate_set(question_set, QuestionSetItem.objects.filter(question_set=question_set).count())
    question_set.save()
    return question_set


@transaction.atomic
def question_set_delete(*, question_set: QuestionSet) -> None:
    if Material.objects.filter(question_set=question_set).exists():
        raise ContentInUse("A quiz material still uses this question set.")
    question_set.delete()
