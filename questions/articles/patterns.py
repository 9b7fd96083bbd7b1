"""Every word list and pattern the reader matches lines against, each written once."""

import re

# The orders an interviewer gives: a heading that starts with one is a question
# even without a question mark ("Explain ..."); "How it works" or "List
# comprehensions" are headings.
_ORDER_WORDS = (
    r"explain|describe|compare|contrast|define|differentiate|distinguish|discuss"
    r"|walk\s+(?:me\s+)?through|tell\s+me"
)
# Words a numbered line starts with when it is a question.
_PROMPT_WORDS = (
    rf"{_ORDER_WORDS}|what|how|why|when|where|which|who|whom|whose|is|are|can|could|does|do"
    r"|did|should|would|will|give|list|name|outline|summari[sz]e|tell|walk|write|implement"
    r"|design|show|demonstrate|illustrate|identify|mention|state"
)
PROMPT = re.compile(rf"^(?:{_PROMPT_WORDS})\b", re.IGNORECASE)
HEADING_PROMPT = re.compile(rf"^(?:{_ORDER_WORDS})\b", re.IGNORECASE)


Q_PREFIX = re.compile(
    r"^(?:\*\*|__)?(?:Q|Question)\s*#?\s*(\d{1,4})?\s*[:.)\-\u2013\u2014]\s*(?:\*\*|__)?\s*(.*)$",
    re.IGNORECASE,
)


# "A:", "**A:**", "**Answer**:", "Answer -", with a hard line break ("\\") after it.
A_PREFIX = re.compile(
    r"^(?:\*\*|__)?(?:A|Ans|Answer)(?:\*\*|__)?\s*[:)\-\u2013\u2014]\s*(?:\*\*|__)?\s*\\?\s*"
)


INLINE_ANSWER = re.compile(
    r"^(?P<title>.+?\?)\s+(?:\*\*|__)?(?:A|Ans|Answer)\s*[:\-\u2013]\s*(?:\*\*|__)?\s*(?P<rest>.+)$"
)


# "12. ..." or, a sub-question, "4a. ..." / "4b) ...".
NUMBERED = re.compile(r"^(\d{1,4})([a-z])?[.)]\s+(.*)$")


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
        | [A-Za-z_][\w.]*\(.*\)[\s,;:]*(?:\s\#.*)?$
        | (?:\./)?manage\.py\s | python3?\s+(?:-m\s|\S+\.py|manage\.py)
        | (?:SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|ALTER\s+TABLE
           |DROP\s+(?:TABLE|INDEX)|CREATE\s+(?:UNIQUE\s+)?(?:TABLE|INDEX))\b
        | \{[%{\#] | <(?:!DOCTYPE|/?[a-zA-Z][\w-]*)(?:\s[^>]*)?/?>\s*$
        | [\[{(]\s*$ | [)\]}]+[,;)]*\s*$
        | (?:const|let|var)\s+[\w{}\[\], ]+\s*=\s*\S | (?:async\s+)?function\s*\w*\s*\(
        | (?:export\s+(?:default\s+)?)?(?:const|class|function)\s+\w+ | console\.\w+\(
        | document\.\w+ | \}\)[;,)]*\s*$ | \}\s*(?:else|catch|finally)\b.*\{\s*$
        | \}+\)*(?:\.\w|[;,)]) | [A-Za-z_$][\w.$]*\(.*[({\[,]\s*$
        | (?:FROM|WHERE|(?:INNER\s+|LEFT\s+(?:OUTER\s+)?|RIGHT\s+|CROSS\s+)?JOIN|GROUP\s+BY
           |ORDER\s+BY|HAVING|LIMIT|OFFSET|VALUES|SET|AND|OR|ON|RETURNING|UNION)\s+\S
    )""",
    re.VERBOSE,
)


# Lines that read as code at the start of a block, but that a hard-wrapped
# sentence could also start with ("source of ...", "return the ...").
# The commands a shell line starts with, in both the code and the language tests.
SHELL_COMMANDS = (
    "pip3?|django-admin|flask|gunicorn|uvicorn|celery|docker|docker-compose|git|curl|wget|http"
    "|export|source|sudo|apt|apt-get|brew|npm|npx|yarn|psql|mysql|sqlite3|redis-cli|pytest|tox"
    "|poetry|pipenv|virtualenv|mkdir|cd|ls|cat|echo|chmod|kill|systemctl|nginx|alembic|uv"
)
WEAK_CODE = re.compile(
    rf"""^(?:
        (?:{SHELL_COMMANDS})\s+\S
        | (?:return|yield|raise|assert|await|pass|break|continue|del|global|nonlocal)\b
        | "[^"]*"\s*:\s*\S | [A-Za-z_$][\w$]*:\s*\S.*,\s*$
    )""",
    re.VERBOSE,
)


SHELL_START = re.compile(
    rf"^(?:\$\s|(?:{SHELL_COMMANDS})\s|python3?\s+(?:-m\s|\S+\.py|manage\.py)|(?:\./)?manage\.py\s)"
)


SQL_START = re.compile(
    r"^(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|BEGIN|COMMIT|EXPLAIN|WITH)\b"
)


CLOSING_HEADING = re.compile(
    r"^(?:conclusions?|in\s+conclusion|concluding\s+thoughts|wrapping\s+up|wrap[- ]?up|to\s+wrap"
    r"\s+up|final\s+(?:thoughts|words|notes)|closing\s+thoughts|(?:in\s+)?summary|to\s+sum\s+up"
    r"|(?:key\s+)?takeaways|next\s+steps|further\s+reading|related\s+(?:articles|posts|reading"
    r"|questions|courses)|about\s+the\s+author|references|resources|what'?s\s+next"
    r"|before\s+you\s+go|thanks\s+for\s+reading|contribut(?:ing|ions?|ors)|how\s+to\s+contribute"
    r"|licen[cs]e|acknowledge?ments|credits|support(?:\s+(?:this|the)\s+project)?|sponsors?"
    r"|changelog|authors?|maintainers?|star\s+history)\b",
    re.IGNORECASE,
)


CALL_TO_ACTION = re.compile(
    r"\b(?:click\s+here|join\s+(?:our|us|the\s+(?:class|course|bootcamp|community|newsletter))"
    r"|subscribe\s+(?:to|now|today|for)|sign\s+up\s+(?:for|now|today|here)"
    r"|enrol+\s+(?:now|today|in\s+our)|register\s+(?:now|today|for\s+our)|check\s+out\s+our"
    r"|follow\s+us|our\s+newsletter|book\s+a\s+(?:free\s+)?(?:call|demo|session|seat)"
    r"|(?:download|grab|get)\s+(?:our|your|the)\s+free|free\s+trial"
    r"|(?:like|share)\s+(?:and|&)\s+(?:share|subscribe)|share\s+this\s+(?:article|post)"
    r"|leave\s+a\s+comment|limited[- ]time\s+offer|use\s+(?:the\s+)?(?:coupon|code)\s+\w+"
    r"|(?:explore|see|read|get|unlock|view)\s+(?:all\s+)?(?:the\s+)?\d+\+?\s+(?:\w+\s+)?"
    r"(?:answers|questions)|(?:star|fork)\s+(?:this|the)\s+repo\w*|buy\s+(?:me\s+a\s+coffee|the"
    r"\s+(?:book|course|ebook))|(?:our|my)\s+(?:course|bootcamp|ebook|cohort|mentorship))",
    re.IGNORECASE,
)


SIGN_OFF = re.compile(
    r"^(?:in\s+conclusion|to\s+conclude|to\s+sum\s+up|to\s+wrap\s+up|wrapping\s+up|that'?s\s+all"
    r"|that'?s\s+it\s+for|i\s+hope|we\s+hope|hope\s+(?:this|these|you)|good\s+luck"
    r"|happy\s+(?:coding|interviewing|learning|testing|hacking)|thanks\s+for\s+reading|thank\s+you\s+for\s+reading"
    r"|best\s+of\s+luck)\b",
    re.IGNORECASE,
)


# What an AI assistant wrote around the questions when someone pasted its reply.
CHATTER = re.compile(
    r"^(?:(?:sure|certainly|absolutely|of\s+course)[!,.]|here\s+(?:are|is)\s+(?:the\s+)?(?:next|more"
    r"|\d+|some|a\s+list)|continue\s+(?:a\s+|in\s+(?:a\s+|the\s+)?)?similar\s+format|let\s+me\s+"
    r"know\s+if|(?:would|do)\s+you\s+(?:like|want)\s+me\s+to|(?:i\s+can|i'?ll|shall\s+i)\s+"
    r"(?:also\s+)?(?:continue|add|provide|generate|expand)|these\s+(?:answers|questions)\s+(?:are"
    r"\s+now|have\s+been)|(?:i\s+)?hope\s+(?:this|these)\s+helps?|feel\s+free\s+to\s+ask"
    r"|if\s+you\s+(?:need|want)\s+(?:more|further|additional)"
    # The labels a copied conversation keeps, and the reply that asked for more.
    r"|(?:you|user|chatgpt|assistant|claude|gemini|copilot)\s+said\s*:?\s*$|continue[.!]?$)",
    re.IGNORECASE,
)

# Links that move around a page: back to top, next and previous, a site's menu.
NAVIGATION = re.compile(
    r"^(?:[\u2b06\u2191^]\s*)?(?:\[)?\s*(?:back\s+to\s+(?:top|contents|index|the\s+top)"
    r"|(?:next|previous|prev)\s*(?::|\u2192|\u2190|>|<|\u00bb|\u00ab|page\b|article\b|post\b)"
    r"|go\s+to\s+top|table\s+of\s+contents\s*\u2191"
    r"|(?:read\s+(?:also|next|more)|also\s+read|related\s+(?:posts?|articles?|reading)"
    r"|you\s+(?:may|might)\s+also\s+like|recommended(?:\s+reading)?)\s*:)"
    r"|^(?:\S+(?:\s\S+)?\s*\|\s*){2,}\S+(?:\s\S+)?$",
    re.IGNORECASE,
)

# A line of the page's languages: "English | Español | 中文", "EN · FR · DE".
_LANGUAGE_WORDS = (
    "english español espanol français francais deutsch italiano português portugues русский "
    "中文 简体中文 繁體中文 日本語 한국어 türkçe polski nederlands svenska العربية "
    "हिन्दी українська tiếng-việt bahasa-indonesia "
    "en es fr de it pt ru zh ja ko tr pl nl sv ar hi uk vi id"
)
LANGUAGE_NAMES = _LANGUAGE_WORDS.split()
LANGUAGES = "|".join(name.replace("-", r"\s+") for name in LANGUAGE_NAMES)
LANGUAGE_SWITCHER = re.compile(
    r"^(?:(?:read\s+(?:this|it)\s+in\s+(?:other\s+|another\s+)?languages?|languages?"
    r"|translations?)\s*:\s*)?"
    rf"(?:(?:{LANGUAGES})\s*[|/\u00b7\u2022,]\s*)*(?:{LANGUAGES})\s*[|/\u00b7\u2022,]?$"
    r"|^(?:read\s+(?:this|it)\s+in\s+(?:other\s+|another\s+)?languages?|languages?"
    r"|translations?)\s*:$",
    re.IGNORECASE,
)

# A stub where an answer should be: the question counts as unanswered.
STUB_ANSWER = re.compile(
    r"^(?:todo|tbd|tba|coming\s+soon|to\s+be\s+(?:added|written|continued)|wip|work\s+in\s+progress"
    r"|answer\s+(?:coming\s+soon|to\s+follow)|\.\.\.|-+|n/?a)[.!]*$",
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
    r"|\b\d+\s+min(?:ute)?s?\s+read\b|^(?:lesson|module|chapter|part)\s+\d+\s+of\s+\d+\b"
    r"|^mark\s+(?:as\s+)?(?:complete|completed|done|read)$",
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


# Inline code, and emphasis outside it: `**x**`, `__x__` runs and `*x*`, `_x_` pairs
# (an underscore between word characters, as in select_related, is not emphasis).
CODE_SPAN = re.compile(r"(`+[^`]*`+)")
# `__init__` written without backticks is a name, not bold "init": a `__` pair
# around one word is left alone.
EMPHASIS_RUN = re.compile(r"(?<!\w)(\*\*|__(?!\w+__(?!\w)))(?=\S)(.+?)(?<=\S)\1(?!\w)")
EMPHASIS_PAIR = re.compile(r"(?<![\w*])[*_](?=\S)([^*_]+?)(?<=\S)[*_](?![\w*])")

# A question with its answer marked out by the HTML pass (`<details><summary>`):
# a line "\x0eQ <summary>", the answer's lines, a line "\x0eE". Decoding removes
# control characters from the input, so the markers cannot come from the article;
# \x0e is one that str.strip() and \\s leave alone (\x1c-\x1f count as spaces).
BOX_OPEN = "\x0eQ"
BOX_CLOSE = "\x0eE"
# "###" alone on a line, its text on the next: a heading broken by a copy and paste.
BARE_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]*$")
# "4a. ..." as a list item: a sub-question numbered under question 4.
SUB_ITEM = re.compile(r"^(\s*)(\d{1,4})([a-z])[.)]\s+(.*)$")

# The first lines that make a block JavaScript rather than Python.
JS_START = re.compile(
    r"^(?:(?:const|let|var)\s|(?:async\s+)?function\b|export\s|console\.|document\."
    r"|fetch\(|await\s+fetch\(|\$\(|window\.|import\s+.+\s+from\s+['\"])"
)

# Emoji and pictographs in front of a heading: "🐍 Core Python", "⭐ Star ...".
LEADING_SYMBOLS = re.compile(
    r"^(?:[\u2190-\u2bff\u2e80-\u2eff\U0001f000-\U0001faff\ufe0f\u200d]+\s*)+"
)
