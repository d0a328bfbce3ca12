"""Actions the Jobs system defines (mirrors system.json)."""


class Jobs:
    LIST = "teacherseat:admin:jobs:jobs:list"
    READ = "teacherseat:admin:jobs:jobs:read"


class DeadLetters:
    LIST = "teacherseat:admin:jobs:dead_letters:list"
    REDRIVE = "teacherseat:admin:jobs:dead_letters:redrive"
