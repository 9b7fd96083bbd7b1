"""Every word list and pattern the reader matches lines against, each written once."""

import re

_PROMPT_WORDS = (
    "what|how|why|when|where|which|who|whom|whose|is|are|can|could|does|do|did|should|"
    "would|will|explain|describe|compare|contrast|define|differentiate|distinguish|"
    "discuss|give|list|name|outline|summari[sz]e|tell|walk|write|implement|design|show|"
    "demonstrate|illustrate|identify|mention|state"
)


PROMPT = re.compile(rf"^(?:{_PROMPT_WORDS})\b", re.IGNORECASE)


# A heading without a question mark is a question only when it gives an order:
# "How it works" or "List comprehensions" are headings, "Explain ..." is not.
HEADING_PROMPT = re.compile(
    r"^(?:explain|describe|compare|contrast|define|differentiate|distinguish|discuss"
    r"|walk\s+(?:me\s+)?through|tell\s+me)\b",
    re.IGNORECASE,
)


Q_PREFIX = re.compile(
    r"^(?:\*\*|__)?(?:Q|Question)\s*#?\s*(\d{1,4})?\s*[:.)\-\u2013\u2014]\s*(?:\*\*|__)?\s*(.*)$",
    re.IGNORECASE,
)


A_PREFIX = re.compile(r"^(?:\*\*|__)?(?:A|Ans|Answer)\s*[:)\-\u2013\u2014]\s*(?:\*\*|__)?\s*")


INLINE_ANSWER = re.compile(
    r"^(?P<title>.+?\?)\s+(?:\*\*|__)?(?:A|Ans|Answer)\s*[:\-\u2013]\s*(?:\*\*|__)?\s*(?P<rest>.+)$"
)


NUMBERED = re.compile(r"^(\d{1,4})[.)]\s+(.*)$")


ITEM = re.compile(
    r"^(\s*)(?:([-*+\u2022\u25e6\u25aa\u2023\u00b7\u25cf\u25cb])|(\d{1,4})[.)])\s+(.*)$"
)


ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")


SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")


RULE = re.compile(r"^ {0,3}([-*_=~])(?:[ \t]*\1){2,}[ \t]*$")


FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+#.-]*)")


WRAPPED = re.compile(r"^(\*\*|__)(.+)\1$")


FILENAME = re.compile(r"^[\w./-]+\.(?:py|txt|toml|cfg|ini|sh|html|ya?ml|json|env|conf)$")


STRONG_CODE = re.compile(
    r"""^(?:
        >>>(?:\s|$) | \$\s+\S | \#!
        | (?:async\s+)?def\s+\w+\s*\( | class\s+\w+\s*[(:]
        | import\s+[\w.]+(?:\s+as\s+\w+)?(?:\s*,\s*[\w.]+)*\s*$ | from\s+[.\w]+\s+import\s+[\w*(]
        | @[\w.]+(?:\(.*\))?\s*$
        | (?:if|elif|while)\s+(?:not\s+)?[\w.\[\]'"]+(?:\(.*\))?
          (?:\s*(?:==|!=|<=|>=|<|>|is\s+not|is|not\s+in|in)\s*.+)?:\s*$
        | for\s+[\w, ()]+\s+in\s+.+:\s*$ | (?:async\s+)?with\s+.*(?:\(|\bas\b).*:\s*$
        | (?:else|try|finally):\s*$ | except(?:\s+[\w.(), ]+(?:\s+as\s+\w+)?)?:\s*$
        | [A-Za-z_][\w.]*(?:\[[^\]]*\])*(?:\s*:\s*[\w.\[\]|]+)?\s*(?:[-+*/|&%]?=|:=)\s*\S
        | [A-Za-z_][\w.]*\(.*\)[\s,;:]*$
        | (?:\./)?manage\.py\s | python3?\s+(?:-m\s|\S+\.py|manage\.py)
        | (?:SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|ALTER\s+TABLE
           |DROP\s+(?:TABLE|INDEX)|CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX))\b
        | \{[%{\#] | <(?:!DOCTYPE|/?[a-zA-Z][\w-]*)(?:\s[^>]*)?/?>\s*$
        | [\[{(]\s*$ | [)\]}]+[,;)]*\s*$
    )""",
    re.VERBOSE,
)


# Lines that read as code at the start of a block, but that a hard-wrapped
# sentence could also start with ("source of ...", "return the ...").
WEAK_CODE = re.compile(
    r"""^(?:
        (?:pip3?|django-admin|flask|gunicorn|uvicorn|celery|docker|docker-compose|git|curl|wget
           |export|source|sudo|apt|apt-get|brew|npm|psql|mysql|sqlite3|redis-cli|pytest|tox
           |poetry|pipenv|virtualenv|mkdir|cd|ls|cat|echo|chmod|kill|systemctl|nginx|alembic)\s+\S
        | (?:return|yield|raise|assert|await|pass|break|continue|del|global|nonlocal)\b
        | "[^"]*"\s*:\s*\S
    )""",
    re.VERBOSE,
)


SHELL_START = re.compile(
    r"^(?:\$\s|(?:pip3?|django-admin|flask|gunicorn|uvicorn|celery|docker|docker-compose|git|curl"
    r"|wget|http|export|source|sudo|apt|apt-get|brew|npm|psql|mysql|redis-cli|pytest|tox|poetry"
    r"|pipenv|virtualenv|mkdir|cd|ls|cat|echo|chmod|kill|systemctl|nginx|alembic)\s"
    r"|python3?\s+(?:-m\s|\S+\.py|manage\.py)|(?:\./)?manage\.py\s)"
)


SQL_START = re.compile(
    r"^(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|BEGIN|COMMIT|EXPLAIN|WITH)\b"
)


CLOSING_HEADING = re.compile(
    r"^(?:conclusions?|in\s+conclusion|concluding\s+thoughts|wrapping\s+up|wrap[- ]?up|to\s+wrap"
    r"\s+up|final\s+(?:thoughts|words|notes)|closing\s+thoughts|(?:in\s+)?summary|to\s+sum\s+up"
    r"|(?:key\s+)?takeaways|next\s+steps|further\s+reading|related\s+(?:articles|posts|reading"
    r"|questions|courses)|about\s+the\s+author|references|resources|what'?s\s+next"
    r"|before\s+you\s+go|thanks\s+for\s+reading)\b",
    re.IGNORECASE,
)


CALL_TO_ACTION = re.compile(
    r"\b(?:click\s+here|join\s+(?:our|us|the\s+(?:class|course|bootcamp|community|newsletter))"
    r"|subscribe\s+(?:to|now|today|for)|sign\s+up\s+(?:for|now|today|here)"
    r"|enrol+\s+(?:now|today|in\s+our)|register\s+(?:now|today|for\s+our)|check\s+out\s+our"
    r"|follow\s+us|our\s+newsletter|book\s+a\s+(?:free\s+)?(?:call|demo|session|seat)"
    r"|(?:download|grab|get)\s+(?:our|your|the)\s+free|free\s+trial"
    r"|(?:like|share)\s+(?:and|&)\s+(?:share|subscribe)|share\s+this\s+(?:article|post)"
    r"|leave\s+a\s+comment|limited[- ]time\s+offer|use\s+(?:the\s+)?(?:coupon|code)\s+\w+)",
    re.IGNORECASE,
)


SIGN_OFF = re.compile(
    r"^(?:in\s+conclusion|to\s+conclude|to\s+sum\s+up|to\s+wrap\s+up|wrapping\s+up|that'?s\s+all"
    r"|that'?s\s+it\s+for|i\s+hope|we\s+hope|hope\s+(?:this|these|you)|good\s+luck"
    r"|happy\s+(?:coding|interviewing|learning|testing|hacking)|thanks\s+for\s+reading|thank\s+you\s+for\s+reading"
    r"|best\s+of\s+luck)\b",
    re.IGNORECASE,
)


# Bits of a web page that are neither article nor answer.
NOISE = re.compile(
    r"^(?:advertisement|sponsored(?:\s+content)?|ad|\d+\s+comments?|comments|share(?:\s+on)?"
    r"|print|tweet)$",
    re.IGNORECASE,
)


BREADCRUMB = re.compile(r"\S\s*[\u00bb\u203a]\s*\S")


BYLINE = re.compile(
    r"^(?:by\s+\S|posted\s|published\s|updated\s|last\s+updated|written\s+by)"
    r"|\b\d+\s+min(?:ute)?s?\s+read\b",
    re.IGNORECASE,
)


_LEVEL_WORDS = {
    "beginner": r"beginners?|basics?|junior|entry[- ]level|fundamentals?|freshers?",
    "intermediate": r"intermediate|mid[- ]level",
    "advanced": r"advanced|senior|experts?|experienced",
}


LEVEL_PATTERNS = {
    level: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for level, words in _LEVEL_WORDS.items()
}


ANY_LEVEL = "|".join(_LEVEL_WORDS.values())


LEADING_BOLD_NUMBER = re.compile(r"^(\*\*|__)(\d{1,3}[.)])\1\s*")


CONTENTS = re.compile(
    r"^(?:table\s+of\s+contents|contents|in\s+this\s+(?:article|post|guide))$", re.IGNORECASE
)


GLYPH_RANK = {"\u25e6": 1, "\u25cb": 1, "\u2023": 1, "\u25aa": 2}
