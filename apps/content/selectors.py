"""Reads of the Content system, for its views and for other apps.

``access_*`` turn a URL id into an object of the current academy (RLS) or answer 404; the
``*_response`` reads name their template and bind its parameters, and Postgres builds the
document the view streams unchanged.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.files import File
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from apps.content.errors import ContentNotFound, CourseNotFound
from apps.content.files import open_tenant_file
from apps.content.models import Chapter, Course, Material, Question, QuestionSet, Topic
from apps.core.api.reads import array_response, object_response, paginated_response
from querylet import django_adapter as ql

_InCourse = TypeVar("_InCourse", bound=Model)

# --- access ------------------------------------------------------------------------------


def access_course(course_id: int, *, lock: bool = False) -> Course:
    """The course with this id in the current tenant (RLS), or 404."""
    queryset = Course.objects.select_for_update() if lock else Course.objects
    try:
        course: Course = queryset.get(pk=course_id)
    except Course.DoesNotExist as exc:
        raise CourseNotFound("No such course.") from exc
    return course


def _in_course(model: type[_InCourse], course: Course, object_id: int, what: str) -> _InCourse:
    try:
        return model._default_manager.get(pk=object_id, course=course)
    except ObjectDoesNotExist as exc:  # the model's DoesNotExist
        raise ContentNotFound(f"No such {what} in this course.") from exc


def access_chapter(course: Course, chapter_id: int) -> Chapter:
    return _in_course(Chapter, course, chapter_id, "chapter")


def access_material(course: Course, material_id: int) -> Material:
    return _in_course(Material, course, material_id, "material")


def access_topic(course: Course, topic_id: int) -> Topic:
    return _in_course(Topic, course, topic_id, "topic")


def access_question(course: Course, question_id: int) -> Question:
    question = _in_course(Question, course, question_id, "question")
    if question.parent_id is not None:
        raise ContentNotFound("Sub-questions are edited through their case study.")
    return question


def access_question_set(course: Course, set_id: int) -> QuestionSet:
    return _in_course(QuestionSet, course, set_id, "question set")


# --- admin documents ---------------------------------------------------------------------


def _course_document(name: str, what: str, status: int, course_id: int, **ids: int) -> HttpResponse:
    """A course, or one object of it, as the template ``name`` builds it; 404 names ``what``."""
    return object_response(name, {"course_id": course_id, **ids}, what=what, status=status)


def course_list_response(request: HttpRequest, *, status: str | None) -> HttpResponse:
    """The admin course list (paginated; ``status`` already checked by the caller)."""
    return paginated_response(request, "content.courses.list", {"status": status})


def course_response(course_id: int, *, status: int = 200) -> HttpResponse:
    """The admin course document: fields, topics, question sets, chapters and materials."""
    return _course_document("content.courses.detail", "course", status, course_id)


def course_export_response(course_id: int) -> HttpResponse:
    """The portable export document (``course_export_document`` as a response)."""
    return _course_document("content.courses.export", "course", 200, course_id)


def course_export_document(course_id: int) -> dict[str, Any]:
    """The portable export document of a course (read back by import and duplicate)."""
    text = ql.fetch_json("content.courses.export", {"course_id": course_id})
    if text is None:
        raise CourseNotFound("No such course.")
    return dict(json.loads(text))


def chapter_list_response(course: Course) -> HttpResponse:
    """The course's chapters in order, with material counts."""
    return array_response("content.chapters.list", {"course_id": course.pk})


def chapter_response(course_id: int, chapter_id: int, *, status: int = 200) -> HttpResponse:
    """One chapter with its materials (all their admin fields)."""
    name = "content.chapters.detail"
    return _course_document(name, "chapter", status, course_id, chapter_id=chapter_id)


def material_response(course_id: int, material_id: int, *, status: int = 200) -> HttpResponse:
    """One material with every kind-specific field (video, body, file, quiz link)."""
    name = "content.materials.detail"
    return _course_document(name, "material", status, course_id, material_id=material_id)


def topic_list_response(course: Course) -> HttpResponse:
    """The course's topics by name, with weights and question counts."""
    return array_response("content.topics.list", {"course_id": course.pk})


def topic_response(course_id: int, topic_id: int, *, status: int = 200) -> HttpResponse:
    """One topic: name and weight (pools draw by topic weight)."""
    name = "content.topics.detail"
    return _course_document(name, "topic", status, course_id, topic_id=topic_id)


def question_list_response(
    request: HttpRequest, *, course: Course, topic_id: str | None
) -> HttpResponse:
    """The question bank, correct answers included (paginated; ``topic_id``: ASCII digits)."""
    return paginated_response(
        request, "content.questions.list", {"course_id": course.pk, "topic_id": topic_id}
    )


def question_response(course_id: int, question_id: int, *, status: int = 200) -> HttpResponse:
    """A top-level question with choices, correct flags and sub-questions."""
    name = "content.questions.detail"
    return _course_document(name, "question", status, course_id, question_id=question_id)


def question_set_list_response(course: Course) -> HttpResponse:
    """The course's question sets (fixed lists and pools) with their question ids."""
    return array_response("content.question_sets.list", {"course_id": course.pk})


def question_set_response(course_id: int, set_id: int, *, status: int = 200) -> HttpResponse:
    """One question set: mode, draw and grading settings, question ids in order."""
    name = "content.question_sets.detail"
    return _course_document(name, "question set", status, course_id, set_id=set_id)


# --- the student catalogue ---------------------------------------------------------------


def catalogue_list_response(request: HttpRequest, *, tag: str | None) -> HttpResponse:
    """Published courses (paginated; ``search``, ``tag``, ``sort``)."""
    return paginated_response(request, "content.catalogue.list", {"tag": tag})


def catalogue_page_response(course_id: int) -> HttpResponse:
    """A published course's page; drafts and unknown ids answer 404."""
    return object_response("content.catalogue.detail", {"course_id": course_id}, what="course")


# --- for other apps ----------------------------------------------------------------------


def material_file_open(key: str) -> File[Any]:
    """Open a stored material file of the current academy (404 problem outside it)."""
    return open_tenant_file(key)


def demo_practice_course() -> Course | None:
    """The demo data's practice course in the current academy (for other apps' demo data)."""
    # Imported here: the demo data writes through services, which import this module.
    from apps.content.demo import PRACTICE_SLUG

    return Course.objects.filter(slug=PRACTICE_SLUG).first()
