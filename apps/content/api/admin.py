"""Admin API of Content: courses, chapters, materials, topics, questions, question sets."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request

from apps.content import selectors, services, transfer
from apps.content.api.base import CourseAdminApi
from apps.content.models import Course, Material, Question, QuestionSet
from apps.content.permissions import Chapters, Courses, Materials, Questions, QuestionSets, Topics
from apps.core.api.json_parser import JSONParser
from apps.core.api.parsing import parse
from apps.core.errors import ValidationFailed

# --- input serializers --------------------------------------------------------------------


class CourseIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    slug = serializers.CharField(max_length=100)
    summary = serializers.CharField(max_length=500, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=30
    )
    estimated_minutes = serializers.IntegerField(
        min_value=0, max_value=100_000, required=False, allow_null=True
    )


class PositionIn(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    chapter_id = serializers.IntegerField(required=False)


class ChapterIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    position = serializers.IntegerField(required=False)


class MaterialIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Material.Kind.choices)
    title = serializers.CharField(max_length=200)
    position = serializers.IntegerField(required=False)
    # DRF pops declared fields off the class, so this does not shadow Field.required.
    required = serializers.BooleanField(required=False)  # type: ignore[assignment]
    video_provider = serializers.CharField(max_length=20, required=False, allow_blank=True)
    video_ref = serializers.CharField(max_length=200, required=False, allow_blank=True)
    video_url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    duration_seconds = serializers.IntegerField(
        min_value=0, max_value=1_000_000, required=False, allow_null=True
    )
    body = serializers.CharField(required=False, allow_blank=True, max_length=200_000)
    question_set_id = serializers.IntegerField(required=False, allow_null=True)


class TopicIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    weight = serializers.IntegerField(min_value=0, max_value=1000, required=False)


class ChoiceIn(serializers.Serializer[Any]):
    id = serializers.CharField(max_length=20, required=False)
    text = serializers.CharField(max_length=2000)
    correct = serializers.BooleanField(required=False, default=False)


class SubQuestionIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["single", "multiple"])
    stem = serializers.CharField(max_length=10_000)
    choices = ChoiceIn(many=True)
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    difficulty = serializers.IntegerField(min_value=1, max_value=5, required=False)
    topic_id = serializers.IntegerField(required=False, allow_null=True)


class QuestionIn(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    stem = serializers.CharField(max_length=10_000)
    scenario = serializers.CharField(required=False, allow_blank=True, max_length=50_000)
    choices = ChoiceIn(many=True, required=False)
    explanation = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    difficulty = serializers.IntegerField(min_value=1, max_value=5, required=False)
    topic_id = serializers.IntegerField(required=False, allow_null=True)
    sub_questions = SubQuestionIn(many=True, required=False)


class QuestionSetIn(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=200)
    mode = serializers.ChoiceField(choices=QuestionSet.Mode.choices)
    draw_count = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True
    )
    draw_by_topic_weight = serializers.BooleanField(required=False)
    time_limit_seconds = serializers.IntegerField(
        min_value=1, max_value=86_400, required=False, allow_null=True
    )
    pass_mark = serializers.IntegerField(min_value=0, max_value=100, required=False)
    shuffle = serializers.BooleanField(required=False)
    attempts_allowed = serializers.IntegerField(
        min_value=1, max_value=1000, required=False, allow_null=True
    )
    partial_credit = serializers.BooleanField(required=False)
    question_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, max_length=1000
    )


class ImportIn(serializers.Serializer[Any]):
    document = serializers.DictField()
    slug = serializers.CharField(max_length=100, required=False)
    title = serializers.CharField(max_length=200, required=False)


# --- courses ------------------------------------------------------------------------------


class CourseCollectionApi(CourseAdminApi):
    """``GET /courses`` (paginated; ``status``, ``search``, ``sort``) and ``POST /courses``."""

    action = Courses.LIST
    method_actions = {"GET": Courses.LIST, "POST": Courses.CREATE}

    def get(self, request: Request) -> HttpResponse:
        status = request.query_params.get("status") or None
        if status is not None and status not in Course.Status.values:
            raise ValidationFailed("Unknown status filter.", errors={"status": ["unknown"]})
        return selectors.course_list_response(request._request, status=status)

    def post(self, request: Request) -> HttpResponse:
        data = parse(CourseIn, request.data)
        course = services.course_create(**data)
        return selectors.course_response(course.pk, status=201)


class CourseItemApi(CourseAdminApi):
    """``GET``/``PATCH``/``DELETE /courses/<id>``."""

    action = Courses.READ
    method_actions = {"GET": Courses.READ, "PATCH": Courses.UPDATE, "DELETE": Courses.DELETE}

    def get(self, request: Request, course_id: int) -> HttpResponse:
        return selectors.course_response(course_id)

    def patch(self, request: Request, course_id: int) -> HttpResponse:
        data = parse(CourseIn, request.data, partial=True)
        services.course_update(course=selectors.access_course(course_id, lock=True), changes=data)
        return selectors.course_response(course_id)

    def delete(self, request: Request, course_id: int) -> HttpResponse:
        services.course_delete(course=selectors.access_course(course_id, lock=True))
        return HttpResponse(status=204)


class _CourseStatusApi(CourseAdminApi):
    action = Courses.PUBLISH
    target_status = Course.Status.PUBLISHED

    def post(self, request: Request, course_id: int) -> HttpResponse:
        course = selectors.access_course(course_id, lock=True)
        services.course_set_status(course=course, status=self.target_status)
        return selectors.course_response(course_id)


class CoursePublishApi(_CourseStatusApi):
    """``POST /courses/<id>/publish``."""

    target_status = Course.Status.PUBLISHED


class CourseUnpublishApi(_CourseStatusApi):
    """``POST /courses/<id>/unpublish`` (back to draft)."""

    target_status = Course.Status.DRAFT


class CourseArchiveApi(_CourseStatusApi):
    """``POST /courses/<id>/archive``."""

    target_status = Course.Status.ARCHIVED


class CourseDuplicateApi(CourseAdminApi):
    """``POST /courses/<id>/duplicate``: deep copy as a new draft."""

    action = Courses.DUPLICATE

    def post(self, request: Request, course_id: int) -> HttpResponse:
        copy = transfer.course_duplicate(course=selectors.access_course(course_id))
        return selectors.course_response(copy.pk, status=201)


class CourseExportApi(CourseAdminApi):
    """``GET /courses/<id>/export``: the portable JSON document."""

    action = Courses.EXPORT

    def get(self, request: Request, course_id: int) -> HttpResponse:
        return selectors.course_export_response(course_id)


class CourseImportApi(CourseAdminApi):
    """``POST /courses/import`` ``{"document", "slug"?, "title"?}``."""

    action = Courses.IMPORT

    def post(self, request: Request) -> HttpResponse:
        data = parse(ImportIn, request.data)
        course = transfer.course_import(
            document=data["document"], slug=data.get("slug"), title=data.get("title")
        )
        return selectors.course_response(course.pk, status=201)


class CourseCoverApi(CourseAdminApi):
    """``POST /courses/<id>/cover`` (multipart ``file``: png/jpeg/webp)."""

    action = Courses.UPDATE
    parser_classes = [MultiPartParser]

    def post(self, request: Request, course_id: int) -> HttpResponse:
        course = selectors.access_course(course_id, lock=True)
        services.course_set_cover(course=course, upload=request.FILES.get("file"))
        return selectors.course_response(course_id)


# --- chapters ----------------------------------------------------------------------------


class ChapterCollectionApi(CourseAdminApi):
    """``GET``/``POST /courses/<id>/chapters``."""

    action = Courses.READ
    method_actions = {"GET": Courses.READ, "POST": Chapters.CREATE}

    def get(self, request: Request, course_id: int) -> HttpResponse:
        return selectors.chapter_list_response(selectors.access_course(course_id))

    def post(self, request: Request, course_id: int) -> HttpResponse:
        data = parse(ChapterIn, request.data)
        chapter = services.chapter_create(course=selectors.access_course(course_id), **data)
        return selectors.chapter_response(course_id, chapter.pk, status=201)


class ChapterItemApi(CourseAdminApi):
    """``GET``/``PATCH``/``DELETE /courses/<id>/chapters/<chapter_id>``."""

    action = Courses.READ
    method_actions = {"GET": Courses.READ, "PATCH": Chapters.UPDATE, "DELETE": Chapters.DELETE}

    def get(self, request: Request, course_id: int, chapter_id: int) -> HttpResponse:
        return selectors.chapter_response(course_id, chapter_id)

    def patch(self, request: Request, course_id: int, chapter_id: int) -> HttpResponse:
        data = parse(ChapterIn, request.data, partial=True)
        if "position" in data:
            self.require(Chapters.REORDER)  # editing and moving are two permissions
        chapter = selectors.access_chapter(selectors.access_course(course_id), chapter_id)
        if "title" in data:
            services.chapter_update(chapter=chapter, title=data["title"])
        if "position" in data:
            services.chapter_move(
                course=chapter.course, chapter_id=chapter_id, position=data["position"]
            )
        return selectors.chapter_response(course_id, chapter_id)

    def delete(self, request: Request, course_id: int, chapter_id: int) -> HttpResponse:
        services.chapter_delete(course=selectors.access_course(course_id), chapter_id=chapter_id)
        return HttpResponse(status=204)


class ChapterMoveApi(CourseAdminApi):
    """``POST /courses/<id>/chapters/<chapter_id>/move`` ``{"position": n}`` (1-based)."""

    action = Chapters.REORDER

    def post(self, request: Request, course_id: int, chapter_id: int) -> HttpResponse:
        data = parse(PositionIn, request.data)
        course = selectors.access_course(course_id)
        services.chapter_move(course=course, chapter_id=chapter_id, position=data["position"])
        return selectors.chapter_list_response(course)


# --- materials ---------------------------------------------------------------------------


class MaterialCreateApi(CourseAdminApi):
    """``POST /courses/<id>/chapters/<chapter_id>/materials``."""

    action = Materials.CREATE

    def post(self, request: Request, course_id: int, chapter_id: int) -> HttpResponse:
        data = parse(MaterialIn, request.data)
        kind, title, position = data.pop("kind"), data.pop("title"), data.pop("position", None)
        material = services.material_create(
            course=selectors.access_course(course_id),
            chapter_id=chapter_id,
            kind=kind,
            title=title,
            fields=data,
            position=position,
        )
        return selectors.material_response(course_id, material.pk, status=201)


class MaterialItemApi(CourseAdminApi):
    """``GET``/``PATCH``/``DELETE /courses/<id>/materials/<material_id>``."""

    action = Materials.READ
    method_actions = {"GET": Materials.READ, "PATCH": Materials.UPDATE, "DELETE": Materials.DELETE}

    def get(self, request: Request, course_id: int, material_id: int) -> HttpResponse:
        return selectors.material_response(course_id, material_id)

    def patch(self, request: Request, course_id: int, material_id: int) -> HttpResponse:
        data = parse(MaterialIn, request.data, partial=True)
        if "kind" in data or "position" in data:
            raise ValidationFailed(
                "kind cannot change; use /move for position.",
                errors={"kind": ["read-only"], "position": ["use move"]},
            )
        material = selectors.access_material(selectors.access_course(course_id), material_id)
        services.material_update(material=material, changes=data)
        return selectors.material_response(course_id, material_id)

    def delete(self, request: Request, course_id: int, material_id: int) -> HttpResponse:
        services.material_delete(course=selectors.access_course(course_id), material_id=material_id)
        return HttpResponse(status=204)


class MaterialMoveApi(CourseAdminApi):
    """``POST /courses/<id>/materials/<material_id>/move`` ``{"position", "chapter_id"?}``."""

    action = Materials.REORDER

    def post(self, request: Request, course_id: int, material_id: int) -> HttpResponse:
        data = parse(PositionIn, request.data)
        material = services.material_move(
            course=selectors.access_course(course_id),
            material_id=material_id,
            position=data["position"],
            chapter_id=data.get("chapter_id"),
        )
        return selectors.chapter_response(course_id, material.chapter_id)


class MaterialUploadApi(CourseAdminApi):
    """``POST /courses/<id>/materials/<material_id>/file`` (multipart ``file``)."""

    action = Materials.UPLOAD
    parser_classes = [MultiPartParser, JSONParser]

    def action_context(self, request: Request) -> dict[str, Any]:
        """``content:FileSize`` / ``content:FileType`` (declared in system.json) for policies."""
        upload = request.FILES.get("file")
        if upload is None:
            return {}
        return {"content:FileSize": upload.size, "content:FileType": upload.content_type or ""}

    def post(self, request: Request, course_id: int, material_id: int) -> HttpResponse:
        material = selectors.access_material(selectors.access_course(course_id), material_id)
        services.material_attach_file(material=material, upload=request.FILES.get("file"))
        return selectors.material_response(course_id, material_id)


# --- topics ------------------------------------------------------------------------------


class TopicCollectionApi(CourseAdminApi):
    """``GET``/``POST /courses/<id>/topics``."""

    action = Topics.LIST
    method_actions = {"GET": Topics.LIST, "POST": Topics.CREATE}

    def get(self, request: Request, course_id: int) -> HttpResponse:
        return selectors.topic_list_response(selectors.access_course(course_id))

    def post(self, request: Request, course_id: int) -> HttpResponse:
        data = parse(TopicIn, request.data)
        topic = services.topic_create(course=selectors.access_course(course_id), **data)
        return selectors.topic_response(course_id, topic.pk, status=201)


class TopicItemApi(CourseAdminApi):
    """``PATCH``/``DELETE /courses/<id>/topics/<topic_id>``."""

    action = Topics.UPDATE
    method_actions = {"PATCH": Topics.UPDATE, "DELETE": Topics.DELETE}

    def patch(self, request: Request, course_id: int, topic_id: int) -> HttpResponse:
        data = parse(TopicIn, request.data, partial=True)
        topic = selectors.access_topic(selectors.access_course(course_id), topic_id)
        services.topic_update(topic=topic, changes=data)
        return selectors.topic_response(course_id, topic_id)

    def delete(self, request: Request, course_id: int, topic_id: int) -> HttpResponse:
        services.topic_delete(
            topic=selectors.access_topic(selectors.access_course(course_id), topic_id)
        )
        return HttpResponse(status=204)


# --- questions ---------------------------------------------------------------------------


class QuestionCollectionApi(CourseAdminApi):
    """``GET /courses/<id>/questions`` (paginated; ``topic_id``, ``search``) and ``POST``."""

    action = Questions.LIST
    method_actions = {"GET": Questions.LIST, "POST": Questions.CREATE}

    def get(self, request: Request, course_id: int) -> HttpResponse:
        course = selectors.access_course(course_id)
        topic_id = request.query_params.get("topic_id") or None
        # ASCII digits that fit a bigint: isdigit() alone passes "²", "٣" and 10^30 to SQL.
        if topic_id is not None and not (
            topic_id.isascii() and topic_id.isdigit() and len(topic_id) <= 18
        ):
            raise ValidationFailed("topic_id must be an integer.", errors={"topic_id": ["int"]})
        return selectors.question_list_response(request._request, course=course, topic_id=topic_id)

    def post(self, request: Request, course_id: int) -> HttpResponse:
        data = parse(QuestionIn, request.data)
        question = services.question_create(course=selectors.access_course(course_id), data=data)
        return selectors.question_response(course_id, question.pk, status=201)


class QuestionItemApi(CourseAdminApi):
    """``GET``/``PATCH``/``DELETE /courses/<id>/questions/<question_id>``."""

    action = Questions.READ
    method_actions = {"GET": Questions.READ, "PATCH": Questions.UPDATE, "DELETE": Questions.DELETE}

    def get(self, request: Request, course_id: int, question_id: int) -> HttpResponse:
        return selectors.question_response(course_id, question_id)

    def patch(self, request: Request, course_id: int, question_id: int) -> HttpResponse:
        data = parse(QuestionIn, request.data, partial=True)
        question = selectors.access_question(selectors.access_course(course_id), question_id)
        services.question_update(question=question, changes=data)
        return selectors.question_response(course_id, question_id)

    def delete(self, request: Request, course_id: int, question_id: int) -> HttpResponse:
        question = selectors.access_question(selectors.access_course(course_id), question_id)
        services.question_delete(question=question)
        return HttpResponse(status=204)


# --- question sets -------------------------------------------------------------------------


class QuestionSetCollectionApi(CourseAdminApi):
    """``GET``/``POST /courses/<id>/question-sets``."""

    action = QuestionSets.LIST
    method_actions = {"GET": QuestionSets.LIST, "POST": QuestionSets.CREATE}

    def get(self, request: Request, course_id: int) -> HttpResponse:
        return selectors.question_set_list_response(selectors.access_course(course_id))

    def post(self, request: Request, course_id: int) -> HttpResponse:
        data = parse(QuestionSetIn, request.data)
        question_ids = data.pop("question_ids", [])
        question_set = services.question_set_create(
            course=selectors.access_course(course_id), data=data, question_ids=question_ids
        )
        return selectors.question_set_response(course_id, question_set.pk, status=201)


class QuestionSetItemApi(CourseAdminApi):
    """``GET``/``PATCH``/``DELETE /courses/<id>/question-sets/<set_id>``."""

    action = QuestionSets.READ
    method_actions = {
        "GET": QuestionSets.READ,
        "PATCH": QuestionSets.UPDATE,
        "DELETE": QuestionSets.DELETE,
    }

    def get(self, request: Request, course_id: int, set_id: int) -> HttpResponse:
        return selectors.question_set_response(course_id, set_id)

    def patch(self, request: Request, course_id: int, set_id: int) -> HttpResponse:
        data = parse(QuestionSetIn, request.data, partial=True)
        question_ids = data.pop("question_ids", None)
        question_set = selectors.access_question_set(selectors.access_course(course_id), set_id)
        services.question_set_update(
            question_set=question_set, changes=data, question_ids=question_ids
        )
        return selectors.question_set_response(course_id, set_id)

    def delete(self, request: Request, course_id: int, set_id: int) -> HttpResponse:
        question_set = selectors.access_question_set(selectors.access_course(course_id), set_id)
        services.question_set_delete(question_set=question_set)
        return HttpResponse(status=204)
