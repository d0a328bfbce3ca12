"""Actions the Systems Management system defines (mirrors system.json)."""


class Systems:
    SERVICES_LIST = "teacherseat:admin:systems:services:list"
    LIST = "teacherseat:admin:systems:systems:list"
    REGISTER = "teacherseat:admin:systems:systems:register"
    DEREGISTER = "teacherseat:admin:systems:systems:deregister"
