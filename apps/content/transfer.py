"""Export, import and duplicate a course as one portable JSON document.

The export is a querylet read (``selectors.course_export_document``); import rebuilds a
course from that document inside one transaction, so a bad document writes nothing.
Duplicate is export + import under a fresh slug.

Files never travel by storage key: import ignores ``file_path``/``cover_image`` and the file
metadata of a document (a key in a document could name any file on the server), so an
imported file material has no file until one is uploaded (publishing refuses it until
then, ``file_missing``). Duplicate copies the source course's stored files itself, to fresh
keys of the same academy.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from apps.content import selectors, services
from apps.content.errors import ContentNotFound, InvalidContent
from apps.content.files import copy_tenant_file
from apps.content.models import Chapter, Course, Material
from apps.content.rendering import markdown_to_html

FORMAT = "teacherseat.course.v1"


def _free_slug(base: str) -> str:
    base = base[:90]
    taken = set(Course.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def _required(mapping: Mapping[str, Any], key: str, where: str) -> Any:
    if not isinstance(mapping, Mapping) or key not in mapping:
        raise InvalidContent(
            f"{where}: missing {key!r}.", code="invalid_import", errors={where: [f"missing {key}"]}
        )
    return mapping[key]


def _list(mapping: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = mapping.get(key) or []
    if not isinstance(value, list):
        raise InvalidContent(
            f"{where}.{key} must be a list.",
            code="invalid_import",
            errors={f"{where}.{key}": ["must be a list"]},
        )
    return value


@transaction.atomic
def course_import(
    *, document: Mapping[str, Any], slug: str | None = None, title: str | None = None
) -> Course:
    """Create a draft course from an export document; any error rolls everything back."""
    if not isinstance(document, Mapping) or document.get("format") != FORMAT:
        raise InvalidContent(
            f"Expected a {FORMAT} document.",
            code="invalid_import",
            errors={"format": [f"must be {FORMAT}"]},
        )
    try:
        return _import(document, slug, title)
    except (TypeError, ValueError, AttributeError) as exc:
        raise InvalidContent(
            f"The import document is malformed: {exc}", code="invalid_import"
        ) from exc


def _import(document: Mapping[str, Any], slug: str | None, title: str | None) -> Course:
    meta = _required(document, "course", "document")
    course = services.course_create(
        title=title or str(_required(meta, "title", "course")),
        slug=slug or _free_slug(str(_required(meta, "slug", "course"))),
        summary=str(meta.get("summary") or ""),
        description=str(meta.get("description") or ""),
        tags=[str(t) for t in meta.get("tags") or []],
        estimated_minutes=meta.get("estimated_minutes"),
    )

    topic_ids: dict[Any, int] = {}
    for index, raw in enumerate(_list(document, "topics", "document")):
        topic = services.topic_create(
            course=course,
            name=str(_required(raw, "name", f"topics[{index}]")),
            weight=int(raw.get("weight") or 1),
        )
        topic_ids[raw.get("ref")] = topic.pk

    question_ids: dict[Any, int] = {}
    for index, raw in enumerate(_list(document, "questions", "document")):
        data = dict(raw)
        data["topic_id"] = topic_ids.get(raw.get("topic_ref"))
        data["sub_questions"] = [
            {**sub, "topic_id": topic_ids.get(sub.get("topic_ref"))}
            for sub in _list(raw, "sub_questions", f"questions[{index}]")
        ]
        _required(data, "kind", f"questions[{index}]")
        question = services.question_create(course=course, data=data)
        question_ids[raw.get("ref")] = question.pk

    set_ids: dict[Any, int] = {}
    for index, raw in enumerate(_list(document, "question_sets", "document")):
        refs = _list(raw, "question_refs", f"question_sets[{index}]")
        missing = [r for r in refs if r not in question_ids]
        if missing:
            raise InvalidContent(
                f"question_sets[{index}] refers to unknown questions {missing}.",
                code="invalid_import",
            )
        question_set = services.question_set_create(
            course=course,
            data={k: v for k, v in raw.items() if k in services.SET_FIELDS},
            question_ids=[question_ids[r] for r in refs],
        )
        set_ids[raw.get("ref")] = question_set.pk

    materials: list[Material] = []
    for c_index, raw_chapter in enumerate(_list(document, "chapters", "document")):
        chapter = Chapter(
            course=course,
            position=c_index + 1,
            title=str(_required(raw_chapter, "title", f"chapters[{c_index}]")),
        )
        chapter.save()
        for m_index, raw in enumerate(_list(raw_chapter, "materials", f"chapters[{c_index}]")):
            where = f"chapters[{c_index}].materials[{m_index}]"
            material = Material(
                course=course,
                chapter=chapter,
                position=m_index + 1,
                title=str(_required(raw, "title", where)),
                kind=str(_required(raw, "kind", where)),
                required=bool(raw.get("required", True)),
                video_provider=raw.get("video_provider") or "",
                video_ref=raw.get("video_ref") or "",
                video_url=raw.get("video_url") or "",
                duration_seconds=raw.get("duration_seconds"),
                body_md=raw.get("body") or "",
                body_html=markdown_to_html(raw.get("body") or ""),
                question_set_id=set_ids.get(raw.get("question_set_ref")),
            )
            if raw.get("question_set_ref") is not None and material.question_set_id is None:
                raise InvalidContent(
                    f"{where} links an unknown question set.", code="invalid_import"
                )
            services._validate_material(material)
            materials.append(material)
    Material.objects.bulk_create(materials)
    return course


@transaction.atomic
def course_duplicate(*, course: Course) -> Course:
    """Deep copy (topics, questions, sets, chapters, materials) as a new draft."""
    document = selectors.course_export_document(course.pk)
    copy = course_import(
        document=document, slug=_free_slug(f"{course.slug}-copy"), title=f"{course.title} (copy)"
    )
    _copy_files(source=course, copy=copy)
    return copy


def _copy_files(*, source: Course, copy: Course) -> None:
    """Give the copy its own stored copies of the source's cover and material files.

    A source file that is missing or stored under another (or no) academy prefix is not
    copied: that material stays without a file, and publishing the copy asks for it.
    """
    if source.cover_image:
        try:
            copy.cover_image = copy_tenant_file(
                source.cover_image, folder=f"courses/{copy.pk}/cover"
            )
            copy.save(update_fields=["cover_image"])
        except ContentNotFound:
            pass
    order = ("chapter__position", "position")
    originals = list(Material.objects.filter(course=source).order_by(*order))
    copies = list(Material.objects.filter(course=copy).order_by(*order))
    for original, material in zip(originals, copies, strict=True):
        if not original.file_path:
            continue
        try:
            material.file_path = copy_tenant_file(
                original.file_path, folder=f"courses/{copy.pk}/materials"
            )
        except ContentNotFound:
            continue
        material.file_name = original.file_name
        material.file_size = original.file_size
        material.file_content_type = original.file_content_type
        material.save(update_fields=["file_path", "file_name", "file_size", "file_content_type"])
