"""Content tables: courses, chapters, materials, topics, questions and question sets."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from apps.tenants.models import TenantOwnedModel


def _positions_unique(parent: str, table: str) -> models.UniqueConstraint:
    """One row per position within its parent, checked at commit (deferred) so a reorder can
    shuffle positions inside its transaction; services keep them contiguous (1..n)."""
    return models.UniqueConstraint(
        fields=["tenant", parent, "position"],
        name=f"{table}_position_uniq",
        deferrable=models.Deferrable.DEFERRED,
    )


class Course(TenantOwnedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    summary = models.CharField(max_length=500, blank=True)
    description_md = models.TextField(blank=True)
    description_html = models.TextField(blank=True)
    cover_image = models.CharField(max_length=500, blank=True, help_text="storage path")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    estimated_minutes = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "content_courses"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "slug", name="content_courses_tenant_slug_uniq")
        ]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["tenant", "status"], name="content_courses_status_idx")
        ]

    def __str__(self) -> str:
        return self.title


class Chapter(TenantOwnedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="chapters")
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField()

    class Meta:
        db_table = "content_chapters"
        constraints: ClassVar[list[Any]] = [_positions_unique("course", "content_chapters")]

    def __str__(self) -> str:
        return self.title


class Topic(TenantOwnedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=200)
    weight = models.PositiveIntegerField(default=1)

    class Meta:
        db_table = "content_topics"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint("tenant", "course", "name", name="content_topics_name_uniq")
        ]

    def __str__(self) -> str:
        return self.name


class Question(TenantOwnedModel):
    class Kind(models.TextChoices):
        SINGLE = "single", "Multiple choice"
        MULTIPLE = "multiple", "Multiple select"
        CASE_STUDY = "case_study", "Case study"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="sub_questions"
    )
    position = models.PositiveIntegerField(default=0, help_text="order among sub-questions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    stem = models.TextField()
    scenario = models.TextField(blank=True, help_text="case study scenario")
    choices = models.JSONField(default=list, blank=True, help_text='[{"id", "text"}]')
    correct_choice_ids = ArrayField(models.CharField(max_length=20), default=list, blank=True)
    explanation = models.TextField(blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="questions"
    )
    difficulty = models.PositiveSmallIntegerField(default=3)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "content_questions"
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["tenant", "course", "parent"], name="content_questions_course_idx")
        ]

    def __str__(self) -> str:
        return self.stem[:50]


class QuestionSet(TenantOwnedModel):
    class Mode(models.TextChoices):
        FIXED = "fixed", "Fixed list"
        POOL = "pool", "Pool"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="question_sets")
    title = models.CharField(max_length=200)
    mode = models.CharField(max_length=8, choices=Mode.choices, default=Mode.FIXED)
    draw_count = models.PositiveIntegerField(null=True, blank=True)
    draw_by_topic_weight = models.BooleanField(default=False)
    time_limit_seconds = models.PositiveIntegerField(null=True, blank=True)
    pass_mark = models.PositiveSmallIntegerField(default=70, help_text="percent")
    shuffle = models.BooleanField(default=False)
    attempts_allowed = models.PositiveIntegerField(null=True, blank=True)
    partial_credit = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "content_question_sets"

    def __str__(self) -> str:
        return self.title


class QuestionSetItem(TenantOwnedModel):
    question_set = models.ForeignKey(QuestionSet, on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField()

    class Meta:
        db_table = "content_question_set_items"
        constraints: ClassVar[list[Any]] = [
            models.UniqueConstraint(
                "tenant", "question_set", "question", name="content_question_set_items_uniq"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_set_id}:{self.question_id}"


class Material(TenantOwnedModel):
    class Kind(models.TextChoices):
        VIDEO = "video", "Video"
        ARTICLE = "article", "Article"
        FILE = "file", "File"
        QUIZ = "quiz", "Quiz"

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="materials")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    position = models.PositiveIntegerField()
    required = models.BooleanField(default=True)
    video_provider = models.CharField(max_length=20, blank=True)
    video_ref = models.CharField(max_length=200, blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    body_md = models.TextField(blank=True)
    body_html = models.TextField(blank=True)
    file_path = models.CharField(max_length=500, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    file_content_type = models.CharField(max_length=100, blank=True)
    question_set = models.ForeignKey(
        QuestionSet, on_delete=models.PROTECT, null=True, blank=True, related_name="materials"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "content_materials"
        constraints: ClassVar[list[Any]] = [_positions_unique("chapter", "content_materials")]
        indexes: ClassVar[list[Any]] = [
            models.Index(fields=["tenant", "course"], name="content_materials_course_idx")
        ]

    def __str__(self) -> str:
        return self.title
