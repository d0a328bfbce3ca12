from django.urls import path

from apps.content.api import admin

C = "courses/<int:course_id>"
CHAPTER = f"{C}/chapters/<int:chapter_id>"
MATERIAL = f"{C}/materials/<int:material_id>"

urlpatterns = [
    path("courses", admin.CourseCollectionApi.as_view(), name="content-courses"),
    path("courses/import", admin.CourseImportApi.as_view(), name="content-courses-import"),
    path(C, admin.CourseItemApi.as_view(), name="content-course"),
    path(f"{C}/publish", admin.CoursePublishApi.as_view(), name="content-course-publish"),
    path(f"{C}/unpublish", admin.CourseUnpublishApi.as_view(), name="content-course-unpublish"),
    path(f"{C}/archive", admin.CourseArchiveApi.as_view(), name="content-course-archive"),
    path(f"{C}/duplicate", admin.CourseDuplicateApi.as_view(), name="content-course-duplicate"),
    path(f"{C}/export", admin.CourseExportApi.as_view(), name="content-course-export"),
    path(f"{C}/cover", admin.CourseCoverApi.as_view(), name="content-course-cover"),
    path(f"{C}/chapters", admin.ChapterCollectionApi.as_view(), name="content-chapters"),
    path(CHAPTER, admin.ChapterItemApi.as_view(), name="content-chapter"),
    path(f"{CHAPTER}/move", admin.ChapterMoveApi.as_view(), name="content-chapter-move"),
    path(f"{CHAPTER}/materials", admin.MaterialCreateApi.as_view(), name="content-materials"),
    path(MATERIAL, admin.MaterialItemApi.as_view(), name="content-material"),
    path(f"{MATERIAL}/move", admin.MaterialMoveApi.as_view(), name="content-material-move"),
    path(f"{MATERIAL}/file", admin.MaterialUploadApi.as_view(), name="content-material-file"),
    path(f"{C}/topics", admin.TopicCollectionApi.as_view(), name="content-topics"),
    path(f"{C}/topics/<int:topic_id>", admin.TopicItemApi.as_view(), name="content-topic"),
    path(f"{C}/questions", admin.QuestionCollectionApi.as_view(), name="content-questions"),
    path(
        f"{C}/questions/<int:question_id>", admin.QuestionItemApi.as_view(), name="content-question"
    ),
    path(
        f"{C}/question-sets", admin.QuestionSetCollectionApi.as_view(), name="content-question-sets"
    ),
    path(
        f"{C}/question-sets/<int:set_id>",
        admin.QuestionSetItemApi.as_view(),
        name="content-question-set",
    ),
]
