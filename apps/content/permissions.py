"""Actions the Content system defines (mirrors system.json)."""


class Courses:
    LIST = "teacherseat:admin:content:courses:list"
    READ = "teacherseat:admin:content:courses:read"
    CREATE = "teacherseat:admin:content:courses:create"
    UPDATE = "teacherseat:admin:content:courses:update"
    DELETE = "teacherseat:admin:content:courses:delete"
    PUBLISH = "teacherseat:admin:content:courses:publish"
    DUPLICATE = "teacherseat:admin:content:courses:duplicate"
    EXPORT = "teacherseat:admin:content:courses:export"
    IMPORT = "teacherseat:admin:content:courses:import"


class Chapters:
    CREATE = "teacherseat:admin:content:chapters:create"
    UPDATE = "teacherseat:admin:content:chapters:update"
    DELETE = "teacherseat:admin:content:chapters:delete"
    REORDER = "teacherseat:admin:content:chapters:reorder"


class Materials:
    READ = "teacherseat:admin:content:materials:read"
    CREATE = "teacherseat:admin:content:materials:create"
    UPDATE = "teacherseat:admin:content:materials:update"
    DELETE = "teacherseat:admin:content:materials:delete"
    REORDER = "teacherseat:admin:content:materials:reorder"
    UPLOAD = "teacherseat:admin:content:materials:upload"


class Topics:
    LIST = "teacherseat:admin:content:topics:list"
    CREATE = "teacherseat:admin:content:topics:create"
    UPDATE = "teacherseat:admin:content:topics:update"
    DELETE = "teacherseat:admin:content:topics:delete"


class Questions:
    LIST = "teacherseat:admin:content:questions:list"
    READ = "teacherseat:admin:content:questions:read"
    CREATE = "teacherseat:admin:content:questions:create"
    UPDATE = "teacherseat:admin:content:questions:update"
    DELETE = "teacherseat:admin:content:questions:delete"


class QuestionSets:
    LIST = "teacherseat:admin:content:question_sets:list"
    READ = "teacherseat:admin:content:question_sets:read"
    CREATE = "teacherseat:admin:content:question_sets:create"
    UPDATE = "teacherseat:admin:content:question_sets:update"
    DELETE = "teacherseat:admin:content:question_sets:delete"


class Catalogue:
    """Student-side actions (signed-in learners)."""

    READ = "teacherseat:student:content:catalogue:read"
