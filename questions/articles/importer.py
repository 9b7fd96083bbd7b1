"""Read a question article (plain text or Markdown) into titles, sections and answers.

Pure functions from bytes or text to dataclasses: nothing here touches the
database (`questions.articles.service` does the writing). The rules:

Reading
    A file is at most `MAX_ARTICLE_BYTES` (1 MB) and yields at most
    `MAX_QUESTIONS` (500) questions. It must be UTF-8 (with or without a BOM)
    or UTF-16/UTF-32 (with a BOM, or UTF-16 without one when its zero bytes
    give it away). Empty files, binary files (PDF, Word, images, anything with
    NUL bytes) and undecodable bytes are refused with an `ArticleError` that
    says why. Windows and old Mac line endings become `\\n`, non-breaking and
    zero-width spaces become plain spaces (or vanish), and curly quotes become
    straight ones everywhere: web pages curl the quotes in code samples too,
    and straight quotes make re-imports match.

Questions
    - a numbered line, `12. What ...?` or `12) ...`, that ends with a question
      mark or starts with an interview prompt ("Explain", "Compare", "What",
      "How", ...). Answers keep their own numbered steps: a numbered line that
      continues the current answer's steps, and not the question numbering, is
      a step;
    - a prefixed line, `Q: ...`, `Q12. ...` or `Question 3: ...` (an `A:` or
      `Answer:` label in front of the answer is dropped);
    - a Markdown heading (`##`, `###`, or underlined) that ends with a question
      mark, is numbered or prefixed, or gives an order ("Explain ...",
      "Compare ..."). Headings below a question's own level belong to its answer;
    - only in an article with (almost) none of the above: a paragraph whose
      first line is a question, such as a web page's heading that lost its markup.
    A question without any answer text is skipped and listed in
    `ParsedArticle.skipped`; a table of contents is skipped silently.

Sections
    A heading that is not a question, or a short line of its own with no end
    punctuation, starts a section when a question follows it (after at most
    one paragraph, or three under a Markdown heading). The section names the
    topic of the questions under it: "Flask Basics Interview Questions" names
    the topic "Flask Basics". A level named where headings name levels (a
    leading "Advanced", a trailing "for beginners", "(senior)" in brackets)
    sets the difficulty of its questions and leaves the name; a section named
    only by a level ("Advanced questions") keeps the article's topic. The
    article's title names the topic of questions outside any section.
    Paragraphs between a section heading and its first question are the
    section's introduction.

Title, introduction and closing
    The first block, if it is a heading or a short line, is the title (after
    breadcrumbs and bylines copied from a web page, which are dropped); what
    follows up to the first question or section is the introduction. A closing
    section ("Conclusion", "Wrapping up", "Final thoughts", "Further reading",
    ...) is dropped up to the next question, if any; short calls to action
    ("join our class", "click here", "subscribe to ...") and "ADVERTISEMENT"
    lines are dropped wherever they are; the last answer loses trailing
    sign-off paragraphs ("I hope ...", "Good luck", "Happy coding").

Answers
    Answers are Markdown. Bullets (`-`, `*`, `+`, `•`, `◦`, `▪`) become `-`,
    numbered steps stay numbered, nesting follows the indentation (or, in text
    pasted from a web page, the bullet glyphs: `◦` under `•`). Fenced code
    stays as it is; indented code and bare code (lines that read as Python,
    shell, SQL or templates) are fenced with a guessed language. Pipe tables
    stay; tab-separated rows (a table copied from a web page) become a pipe
    table. A file whose lines are whole paragraphs (text copied from a page)
    gets a paragraph per line; a hard-wrapped Markdown file keeps its paragraphs.

Frameworks (`detect_framework`)
    A question whose title names only Flask (flask, werkzeug, blueprints,
    url_for, ...) is `flask`; only Django (django, querysets, manage.py,
    select_related, ...) is `django`. A title naming neither defers to the
    answer in the same way. Both named in the title (a comparison) is `general`
    unless one is named at least twice as often, title and answer together;
    both named only in the answer is `general`. A question naming neither is
    `python` when Python-language words (generators, decorators, the GIL, ...)
    outnumber web words (HTTP, cookies, SQL, caching, ...), and `general`
    otherwise. Other frameworks (FastAPI, ...) are chosen by the editor.

Difficulty
    The editor's choice, else the section's (or title's) level, else
    `DEFAULT_DIFFICULTY`: intermediate, the middle of the scale, for an editor
    to adjust.
"""

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from questions.models import Difficulty, Question, Topic

# Ten times a long article, and small enough that even a pathological file
# parses in a few seconds and an import fits in one web request.
MAX_ARTICLE_MB = 1
MAX_ARTICLE_BYTES = MAX_ARTICLE_MB * 2**20
MAX_QUESTIONS = 500
# Not the model's default (beginner): an imported question's level is a guess, and
# the middle of the scale is the smallest correction for the editor who checks it.
DEFAULT_DIFFICULTY = Difficulty.INTERMEDIATE
MAX_TITLE_LENGTH = Question._meta.get_field("title").max_length
MAX_TOPIC_LENGTH = Topic._meta.get_field("name").max_length
MAX_CODE_LINE = 400
FRAMEWORK_SAMPLE = 4000


class ArticleError(ValueError):
    """The file cannot be imported; the message tells the editor why."""


@dataclass(frozen=True)
class ParsedQuestion:
    title: str
    answer: str
    framework: str


@dataclass
class ParsedSection:
    heading: str | None
    topic: str | None
    difficulty: str | None
    introduction: str = ""
    questions: list[ParsedQuestion] = field(default_factory=list)


@dataclass
class ParsedArticle:
    title: str
    introduction: str
    sections: list[ParsedSection]
    skipped: list[str] = field(default_factory=list)

    @property
    def questions(self) -> list[ParsedQuestion]:
        return [question for section in self.sections for question in section.questions]


def read_article(data: bytes) -> ParsedArticle:
    """Decode and parse an uploaded file."""
    return parse_article(decode_article(data))


# --- Decoding ---------------------------------------------------------------

_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (a .docx or .odt document is one)",
    b"\xd0\xcf\x11\xe0": "an old Word or Excel document",
    b"{\\rtf": "an RTF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip archive",
}
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_TRANSLATION = str.maketrans(
    {
        "\u00a0": " ",  # no-break space
        "\u2007": " ",  # figure space
        "\u202f": " ",  # narrow no-break space
        "\u200b": None,  # zero-width space
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,  # word joiner
        "\ufeff": None,  # a BOM in the middle of pasted text
        "\u200e": None,  # left-to-right mark
        "\u200f": None,
        "\u00ad": None,  # soft hyphen
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2028": "\n",
        "\u2029": "\n",
        "\f": "\n",
        "\v": "\n",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def too_large(size: int) -> str:
    """Why a file of `size` bytes is refused, wherever its size is checked."""
    return (
        f"The file is {size:,} bytes, over the {MAX_ARTICLE_MB} MB ({MAX_ARTICLE_BYTES:,} bytes) "
        "limit for one article. Split it and import the parts."
    )


def decode_article(data: bytes) -> str:
    """Return the text of an article file, normalised, or raise `ArticleError`."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(too_large(len(data)))
    if not data.strip():
        raise ArticleError("The file is empty.")
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ArticleError(
                f"The file is {kind}, not text. Save the article as plain text (.txt) "
                "or Markdown (.md) and import that."
            )
    encoding = _encoding_of(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ArticleError(
            f"The file is not UTF-8 or UTF-16 text: the byte 0x{data[error.start]:02x} at "
            f"position {error.start} cannot be decoded. Save it as UTF-8 and import it again."
        ) from None
    text = normalise_text(text)
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > max(3, len(text) // 1000):
        raise ArticleError("The file looks binary (it is full of control characters), not text.")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise ArticleError("The file is empty.")
    return text


def normalise_text(text: str) -> str:
    """Unify line endings, spaces and quotes, as the parser expects them."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATION)


def _encoding_of(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" not in data:
        return "utf-8"
    # UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte.
    sample = data[:4096]
    half = max(1, len(sample) // 2)
    even_zeros, odd_zeros = sample[0::2].count(0), sample[1::2].count(0)
    if odd_zeros > half * 0.3 and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > half * 0.3 and odd_zeros == 0:
        return "utf-16-be"
    raise ArticleError(
        "The file looks binary (it contains NUL bytes), not text. Import a .txt or .md file."
    )


# --- Reading the text as questions ------------------------------------------

_PROMPT_WORDS = (
    "what|how|why|when|where|which|who|whom|whose|is|are|can|could|does|do|did|should|"
    "would|will|explain|describe|compare|contrast|define|differentiate|distinguish|"
    "discuss|give|list|name|outline|summari[sz]e|tell|walk|write|implement|design|show|"
    "demonstrate|illustrate|identify|mention|state"
)
_PROMPT = re.compile(rf"^(?:{_PROMPT_WORDS})\b", re.IGNORECASE)
# A heading without a question mark is a question only when it gives an order:
# "How it works" or "List comprehensions" are headings, "Explain ..." is not.
_HEADING_PROMPT = re.compile(
    r"^(?:explain|describe|compare|contrast|define|differentiate|distinguish|discuss"
    r"|walk\s+(?:me\s+)?through|tell\s+me)\b",
    re.IGNORECASE,
)
_Q_PREFIX = re.compile(
    r"^(?:\*\*|__)?(?:Q|Question)\s*#?\s*(\d{1,4})?\s*[:.)\-\u2013\u2014]\s*(?:\*\*|__)?\s*(.*)$",
    re.IGNORECASE,
)
_A_PREFIX = re.compile(r"^(?:\*\*|__)?(?:A|Ans|Answer)\s*[:)\-\u2013\u2014]\s*(?:\*\*|__)?\s*")
_INLINE_ANSWER = re.compile(
    r"^(?P<title>.+?\?)\s+(?:\*\*|__)?(?:A|Ans|Answer)\s*[:\-\u2013]\s*(?:\*\*|__)?\s*(?P<rest>.+)$"
)
_NUMBERED = re.compile(r"^(\d{1,4})[.)]\s+(.*)$")
_ITEM = re.compile(
    r"^(\s*)(?:([-*+\u2022\u25e6\u25aa\u2023\u00b7\u25cf\u25cb])|(\d{1,4})[.)])\s+(.*)$"
)
_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^ {0,3}([-*_=~])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+#.-]*)")
_WRAPPED = re.compile(r"^(\*\*|__)(.+)\1$")
_FILENAME = re.compile(r"^[\w./-]+\.(?:py|txt|toml|cfg|ini|sh|html|ya?ml|json|env|conf)$")

_STRONG_CODE = re.compile(
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
_WEAK_CODE = re.compile(
    r"""^(?:
        (?:pip3?|django-admin|flask|gunicorn|uvicorn|celery|docker|docker-compose|git|curl|wget
           |export|source|sudo|apt|apt-get|brew|npm|psql|mysql|sqlite3|redis-cli|pytest|tox
           |poetry|pipenv|virtualenv|mkdir|cd|ls|cat|echo|chmod|kill|systemctl|nginx|alembic)\s+\S
        | (?:return|yield|raise|assert|await|pass|break|continue|del|global|nonlocal)\b
        | "[^"]*"\s*:\s*\S
    )""",
    re.VERBOSE,
)
_SHELL_START = re.compile(
    r"^(?:\$\s|(?:pip3?|django-admin|flask|gunicorn|uvicorn|celery|docker|docker-compose|git|curl"
    r"|wget|http|export|source|sudo|apt|apt-get|brew|npm|psql|mysql|redis-cli|pytest|tox|poetry"
    r"|pipenv|virtualenv|mkdir|cd|ls|cat|echo|chmod|kill|systemctl|nginx|alembic)\s"
    r"|python3?\s+(?:-m\s|\S+\.py|manage\.py)|(?:\./)?manage\.py\s)"
)
_SQL_START = re.compile(
    r"^(?:SELECT|INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|BEGIN|COMMIT|EXPLAIN|WITH)\b"
)

_CLOSING_HEADING = re.compile(
    r"^(?:conclusions?|in\s+conclusion|concluding\s+thoughts|wrapping\s+up|wrap[- ]?up|to\s+wrap"
    r"\s+up|final\s+(?:thoughts|words|notes)|closing\s+thoughts|(?:in\s+)?summary|to\s+sum\s+up"
    r"|(?:key\s+)?takeaways|next\s+steps|further\s+reading|related\s+(?:articles|posts|reading"
    r"|questions|courses)|about\s+the\s+author|references|resources|what'?s\s+next"
    r"|before\s+you\s+go|thanks\s+for\s+reading)\b",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(
    r"\b(?:click\s+here|join\s+(?:our|us|the\s+(?:class|course|bootcamp|community|newsletter))"
    r"|subscribe\s+(?:to|now|today|for)|sign\s+up\s+(?:for|now|today|here)"
    r"|enrol+\s+(?:now|today|in\s+our)|register\s+(?:now|today|for\s+our)|check\s+out\s+our"
    r"|follow\s+us|our\s+newsletter|book\s+a\s+(?:free\s+)?(?:call|demo|session|seat)"
    r"|(?:download|grab|get)\s+(?:our|your|the)\s+free|free\s+trial"
    r"|(?:like|share)\s+(?:and|&)\s+(?:share|subscribe)|share\s+this\s+(?:article|post)"
    r"|leave\s+a\s+comment|limited[- ]time\s+offer|use\s+(?:the\s+)?(?:coupon|code)\s+\w+)",
    re.IGNORECASE,
)
_SIGN_OFF = re.compile(
    r"^(?:in\s+conclusion|to\s+conclude|to\s+sum\s+up|to\s+wrap\s+up|wrapping\s+up|that'?s\s+all"
    r"|that'?s\s+it\s+for|i\s+hope|we\s+hope|hope\s+(?:this|these|you)|good\s+luck"
    r"|happy\s+(?:coding|interviewing|learning|testing|hacking)|thanks\s+for\s+reading|thank\s+you\s+for\s+reading"
    r"|best\s+of\s+luck)\b",
    re.IGNORECASE,
)

# Bits of a web page that are neither article nor answer.
_NOISE = re.compile(
    r"^(?:advertisement|sponsored(?:\s+content)?|ad|\d+\s+comments?|comments|share(?:\s+on)?"
    r"|print|tweet)$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"\S\s*[\u00bb\u203a]\s*\S")
_BYLINE = re.compile(
    r"^(?:by\s+\S|posted\s|published\s|updated\s|last\s+updated|written\s+by)"
    r"|\b\d+\s+min(?:ute)?s?\s+read\b",
    re.IGNORECASE,
)

_LEVEL_WORDS = {
    "beginner": r"beginners?|basics?|junior|entry[- ]level|fundamentals?|freshers?",
    "intermediate": r"intermediate|mid[- ]level",
    "advanced": r"advanced|senior|experts?|experienced",
}
_LEVEL_PATTERNS = {
    level: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for level, words in _LEVEL_WORDS.items()
}
_ANY_LEVEL = "|".join(_LEVEL_WORDS.values())


@dataclass
class _Unit:
    """One block of the source: a heading, list item, paragraph, code or table."""

    kind: str
    text: str = ""
    lines: list[str] = field(default_factory=list)
    level: int = 0
    indent: int = 0
    number: int | None = None
    marker: str = ""
    lang: str = ""

    @cached_property
    def heading_text(self) -> str | None:
        """The text, if this block can be a heading: a Markdown one or a short line."""
        return _heading_text(self)


def parse_article(text: str) -> ParsedArticle:
    """Split article text into title, introduction and sections of questions."""
    units = _tokenise(normalise_text(text).split("\n"))
    article = _Reader(units).read()
    if len(article.questions) > MAX_QUESTIONS:
        raise ArticleError(
            f"The file has {len(article.questions)} questions; one import takes at most "
            f"{MAX_QUESTIONS}. Split it and import the parts."
        )
    if not article.questions:
        if article.skipped:
            raise ArticleError(
                "The questions in the file have no answers under them, so there is nothing "
                f"to import (first one: \u201c{article.skipped[0]}\u201d)."
            )
        raise ArticleError(
            "No question was recognised. Number them (\u201c1. What is ...?\u201d), prefix them "
            "(\u201cQ: ...\u201d) or make them Markdown headings (\u201c## What is ...?\u201d)."
        )
    return article


def normalise_question(title: str) -> str:
    """The form two question titles share when they ask the same thing."""
    text = unicodedata.normalize("NFKC", title).translate(_TRANSLATION).casefold()
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" ?.!:;")


def topic_name_from(heading: str) -> str | None:
    """The topic a title or section heading names, without numbering, levels and filler."""
    name = _strip_emphasis(heading)
    name = re.sub(r"^(?:part|section|chapter)\s+\w+\s*[:.\-\u2013\u2014]\s*", "", name, flags=re.I)
    name = re.sub(r"^(?:\d+|[IVX]+|[A-Z])[.)]\s+", "", name)
    name = re.sub(r"^(?:the\s+)?(?:top|best)\s+\d+\s+|^\d+\s+", "", name, flags=re.I)
    name = re.sub(
        r"\s*[(\[]?\b(?:19|20)\d\d\b(?:\s+(?:update|edition))?[)\]]?", "", name, flags=re.I
    )
    name = re.sub(
        r"\s*[-\u2013\u2014:]?\s*\b(?:interview|questions?|q\s*&\s*a|qna)\b.*$",
        "",
        name,
        flags=re.I,
    )
    name = re.sub(
        rf"\s+for\s+(?:{_ANY_LEVEL})(?:\s+and\s+(?:{_ANY_LEVEL}))?$", "", name, flags=re.I
    )
    name = re.sub(rf"\s*[(\[](?:{_ANY_LEVEL})[)\]]", "", name, flags=re.I)
    name = re.sub(rf"^(?:{_ANY_LEVEL})\s+", "", name, flags=re.I)
    name = re.sub(rf"^(?:{_ANY_LEVEL})$", "", name, flags=re.I)
    name = name.strip(" -\u2013\u2014:,.")
    if not name:
        return None
    return (name[0].upper() + name[1:])[:MAX_TOPIC_LENGTH].strip()


def difficulty_from(heading: str) -> str | None:
    """The level a heading names where headings name levels, if exactly one.

    Only a leading word ("Advanced Django"), a trailing "for beginners" or a
    word in brackets counts: "Beyond the basics" is not a beginner section.
    """
    text = re.sub(r"^(?:\d+|[IVX]+)[.)]\s+", "", _strip_emphasis(heading))
    places = [
        rf"^(?:{_ANY_LEVEL})\b",
        rf"\bfor\s+(?:{_ANY_LEVEL})(?:\s+(?:and|&)\s+(?:{_ANY_LEVEL}))?$",
        rf"[(\[](?:{_ANY_LEVEL})[)\]]",
    ]
    named = " ".join(
        match.group(0) for place in places if (match := re.search(place, text, re.IGNORECASE))
    )
    found = [level for level, pattern in _LEVEL_PATTERNS.items() if pattern.search(named)]
    return found[0] if len(found) == 1 else None


# --- Framework detection ----------------------------------------------------

_FLASK_WORDS = re.compile(
    r"\b(?:flask(?:[-_]\w+)?|werkzeug|blueprints?|quart|current_app|app\.route|url_for|jsonify)\b"
    r"|@app\.",
    re.IGNORECASE,
)
_DJANGO_WORDS = re.compile(
    r"\b(?:django(?:[-_]\w+)?|querysets?|manage\.py|makemigrations|modeladmin|select_related"
    r"|prefetch_related|models\.model|get_object_or_404|drf|objects\.(?:all|filter|get|exclude"
    r"|create|update)|transaction\.atomic|on_commit)\b",
    re.IGNORECASE,
)
_PYTHON_WORDS = re.compile(
    r"\b(?:python(?:ic)?|gil|generators?|decorators?|iterators?|iterables?|comprehensions?|tuples?"
    r"|dict(?:ionar(?:y|ies))?|lists?|sets?|lambdas?|asyncio|coroutines?|await|metaclass(?:es)?"
    r"|dunder|__\w+__|mutable|immutable|pep\s*\d+|pip|virtualenvs?|venv|garbage\s+collect\w*"
    r"|reference\s+count\w*|args|kwargs|type\s+hints?|typing|dataclass(?:es)?"
    r"|context\s+managers?|closures?|__slots__|mro|duck\s+typing|monkey[- ]patch\w*|threads?"
    r"|threading|multiprocessing|exceptions?|classes|inheritance|functions?)\b",
    re.IGNORECASE,
)
_WEB_WORDS = re.compile(
    r"\b(?:https?|rest(?:ful)?|apis?|endpoints?|status\s+codes?|headers?|cookies?|cors|csrf|xss"
    r"|sessions?|urls?|requests?|responses?|json|websockets?|tls|ssl|cach(?:e|es|ing)|cdn|oauth2?"
    r"|jwt|tokens?|authentication|authori[sz]ation|sql(?:\s+injection)?|databases?|orms?"
    r"|indexes|indices|transactions?|migrations?|nginx|wsgi|asgi|gunicorn|uvicorn|load\s+balanc\w+"
    r"|proxy|proxies|docker|deploy\w*|servers?|browsers?|html|idempot\w+|rate\s+limit\w*"
    r"|web|graphql|redis|celery|queues?)\b",
    re.IGNORECASE,
)


def detect_framework(title: str, answer: str) -> str:
    """The framework slug a question is about: flask, django, python or general."""
    # The opening of an answer says what it is about; a bound keeps a huge one fast.
    answer = answer[:FRAMEWORK_SAMPLE]
    in_title = len(_FLASK_WORDS.findall(title)), len(_DJANGO_WORDS.findall(title))
    in_answer = len(_FLASK_WORDS.findall(answer)), len(_DJANGO_WORDS.findall(answer))
    named = in_title if any(in_title) else in_answer
    if named[0] and not named[1]:
        return "flask"
    if named[1] and not named[0]:
        return "django"
    if any(in_title):
        # Both named in the question: a comparison, unless one clearly dominates.
        flask, django = in_title[0] + in_answer[0], in_title[1] + in_answer[1]
        if flask >= 2 * django or django >= 2 * flask:
            return "flask" if flask > django else "django"
        return "general"
    if any(in_answer):
        return "general"
    text = f"{title}\n{answer}"
    python = len(_PYTHON_WORDS.findall(text))
    web = len(_WEB_WORDS.findall(text))
    return "python" if python > web else "general"


# --- Tokenising -------------------------------------------------------------

_LEADING_BOLD_NUMBER = re.compile(r"^(\*\*|__)(\d{1,3}[.)])\1\s*")


def _tokenise(lines: list[str]) -> list[_Unit]:
    """Group lines into units; runs of blank lines become one `break` unit."""
    lines = [_expand_leading_tabs(line.rstrip()) for line in lines]
    units: list[_Unit] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        previous_blank = not units or units[-1].kind == "break"
        if not stripped or _RULE.match(line):
            if units and units[-1].kind != "break":
                units.append(_Unit("break"))
            index += 1
            continue
        indent = len(line) - len(line.lstrip(" "))
        fence = _FENCE.match(line)
        atx = _ATX.match(line)
        unwrapped = _unwrap(_LEADING_BOLD_NUMBER.sub(r"\2 ", stripped))
        prefixed = _Q_PREFIX.match(unwrapped)
        item = _ITEM.match(line) or _ITEM.match(unwrapped)
        if fence:
            unit, index = _read_fence(lines, index, fence)
        elif indent >= 4 and previous_blank and not _in_list(units):
            unit, index = _read_indented_code(lines, index)
        elif _is_setext_text(lines, index):
            level = 1 if lines[index + 1].strip().startswith("=") else 2
            unit, index = _Unit("heading", text=stripped, level=level), index + 2
        elif atx and _opens_code(atx, lines, index):
            unit, index = _read_bare_code(lines, index)
        elif atx:
            unit, index = (
                _Unit("heading", text=atx.group(2).strip(), level=len(atx.group(1))),
                index + 1,
            )
        elif stripped.startswith("|") and stripped.count("|") >= 2:
            unit, index = _read_pipe_table(lines, index)
        elif _tab_cells(line) and index + 1 < len(lines) and _tab_cells(lines[index + 1]):
            unit, index = _read_tab_table(lines, index)
        elif prefixed and prefixed.group(2):
            unit, index = _Unit("qline", text=unwrapped, indent=indent), index + 1
        elif item:
            unit, index = _read_item(lines, index, item, indent)
        elif _looks_like_code(stripped, weak=True):
            unit, index = _read_bare_code(lines, index)
        else:
            unit, index = _read_paragraph(lines, index)
        units.append(unit)
    return units


def _expand_leading_tabs(line: str) -> str:
    body = line.lstrip(" \t")
    return line[: len(line) - len(body)].expandtabs(4) + body


def _is_setext_text(lines: list[str], index: int) -> bool:
    """A short line of its own underlined with `===` or `---`."""
    if index + 1 >= len(lines) or (index > 0 and lines[index - 1].strip()):
        return False
    text, underline = lines[index].strip(), lines[index + 1]
    if not text or len(text) > 150 or text.endswith((".", ",", ";")):
        return False
    if not _SETEXT.match(underline) or len(underline.strip()) < 3:
        return False
    return not (_ITEM.match(lines[index]) or text.startswith(("|", "#", ">", "```", "~~~")))


def _in_list(units: list[_Unit]) -> bool:
    """Whether indented lines after a blank line still belong to a list item."""
    for unit in reversed(units):
        if unit.kind != "break":
            return unit.kind == "item"
    return False


def _opens_code(atx: re.Match, lines: list[str], index: int) -> bool:
    """A `# comment` line that starts a bare Python block rather than a heading."""
    if len(atx.group(1)) != 1:
        return False
    following = lines[index + 1].strip() if index + 1 < len(lines) else ""
    return bool(_FILENAME.match(atx.group(2).strip())) or _looks_like_code(following)


def _read_fence(lines: list[str], index: int, fence: re.Match) -> tuple[_Unit, int]:
    indent, marker, lang = len(fence.group(1)), fence.group(2), fence.group(3)
    body = []
    index += 1
    while index < len(lines):
        line = lines[index]
        closing = line.strip()
        index += 1
        if closing.startswith(marker) and not closing.strip(marker[0]):
            break
        body.append(line[indent:] if not line[:indent].strip() else line.lstrip())
    return _Unit("code", lines=_trim_blank_lines(body), lang=lang.lower()), index


def _read_indented_code(lines: list[str], index: int) -> tuple[_Unit, int]:
    body = []
    while index < len(lines):
        line = lines[index]
        if line.strip() and len(line) - len(line.lstrip(" ")) < 4:
            break
        body.append(line)
        index += 1
    body = _dedent(_trim_blank_lines(body))
    if not any(_looks_like_code(line.strip(), weak=True) for line in body):
        return _Unit("code", lines=body), index
    return _Unit("code", lines=body, lang=_guess_language(body)), index


def _read_bare_code(lines: list[str], index: int) -> tuple[_Unit, int]:
    first = lines[index].strip()
    session = first.startswith((">>>", "$ "))
    body = [lines[index]]
    index += 1
    while index < len(lines):
        line = lines[index]
        if line.strip():
            if not _continues_code(line, session=session, after_blank=False):
                break
            body.append(line)
            index += 1
            continue
        following = index
        while following < len(lines) and not lines[following].strip():
            following += 1
        if following == len(lines) or not _continues_code(
            lines[following], session=session, after_blank=True
        ):
            break
        body.extend([""] * (following - index))
        index = following
    body = _dedent(body)
    return _Unit("code", lines=body, lang=_guess_language(body)), index


def _continues_code(line: str, *, session: bool, after_blank: bool) -> bool:
    stripped = line.strip()
    indent = len(line) - len(line.lstrip(" "))
    if session:
        # A console session: prompts, and the output under them up to a blank line.
        return stripped.startswith((">>>", "$ ")) or not after_blank
    if after_blank:
        return indent >= 4 or (_looks_like_code(stripped, weak=True) and not _ATX.match(line))
    if indent > 0 or re.match(r"#(?!#)", stripped):
        return True
    return _looks_like_code(stripped, weak=True)


def _read_pipe_table(lines: list[str], index: int) -> tuple[_Unit, int]:
    rows = []
    while index < len(lines) and lines[index].strip().startswith("|"):
        rows.append(lines[index].strip())
        index += 1
    if len(rows) < 2 or not re.fullmatch(r"\|?[\s:|-]+\|?", rows[1]) or "-" not in rows[1]:
        cells = rows[0].strip("|").count("|") + 1
        rows.insert(1, "|" + " --- |" * cells)
    return _Unit("table", lines=rows), index


def _tab_cells(line: str) -> list[str]:
    """The cells of a row copied from a web page's table, if `line` is one."""
    if "\t" not in line.strip() or line.startswith((" ", "\t")) or _ITEM.match(line):
        return []
    cells = [cell.strip() for cell in line.strip().split("\t")]
    return cells if len(cells) >= 2 else []


def _read_tab_table(lines: list[str], index: int) -> tuple[_Unit, int]:
    width = len(_tab_cells(lines[index]))
    rows = []
    while index < len(lines) and len(_tab_cells(lines[index])) == width:
        rows.append(_tab_cells(lines[index]))
        index += 1
    if len(rows) < 2:
        return _Unit("text", lines=[" ".join(rows[0])]), index

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    table = [row(rows[0]), "|" + " --- |" * width, *(row(cells) for cells in rows[1:])]
    return _Unit("table", lines=table), index


def _read_item(lines: list[str], index: int, item: re.Match, indent: int) -> tuple[_Unit, int]:
    unit = _Unit(
        "item",
        text=item.group(4).strip(),
        indent=indent,
        number=int(item.group(3)) if item.group(3) else None,
        marker=item.group(2) or "",
    )
    index += 1
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        line_indent = len(line) - len(line.lstrip(" "))
        if (
            not stripped
            or line_indent <= indent
            or _ITEM.match(line)
            or _FENCE.match(line)
            or _looks_like_code(stripped)
        ):
            break
        unit.lines.append(stripped)
        index += 1
    return unit, index


def _read_paragraph(lines: list[str], index: int) -> tuple[_Unit, int]:
    body = [lines[index].strip()]
    index += 1
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        unwrapped = _unwrap(stripped)
        prefixed = _Q_PREFIX.match(unwrapped)
        if (
            not stripped
            or _RULE.match(line)
            or _FENCE.match(line)
            or _ATX.match(line)
            or _ITEM.match(line)
            or stripped.startswith("|")
            or (prefixed and prefixed.group(2))
            or _looks_like_code(stripped)
            or _tab_cells(line)
        ):
            break
        body.append(stripped)
        index += 1
    return _Unit("text", lines=body), index


def _looks_like_code(stripped: str, *, weak: bool = False) -> bool:
    """Whether a line reads as code; `weak` also accepts what a sentence might start with."""
    # Code lines are short; a long line is prose, and the patterns below would
    # backtrack for seconds over a megabyte-long one.
    if not stripped or len(stripped) > MAX_CODE_LINE:
        return False
    if (
        stripped.endswith((".", "?", "!"))
        and not stripped.endswith("...")
        and len(stripped.split()) >= 4
    ):
        return False
    return bool(_STRONG_CODE.match(stripped) or (weak and _WEAK_CODE.match(stripped)))


def _guess_language(lines: list[str]) -> str:
    code = [line.strip() for line in lines if line.strip()]
    first = code[0] if code else ""
    if first.startswith("$ "):
        return "console"
    if first.startswith(">>>"):
        return "pycon"
    if _SHELL_START.match(first):
        return "bash"
    if _SQL_START.match(first):
        return "sql"
    if any(line.startswith(("{%", "{{")) or "{% " in line for line in code):
        return "html+django"
    if first.startswith("<"):
        return "html"
    if first in ("{", "["):
        return "json"
    return "python"


def _dedent(lines: list[str]) -> list[str]:
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return [line[margin:] for line in lines]


def _trim_blank_lines(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


# --- Reading units into an article ------------------------------------------

_CONTENTS = re.compile(
    r"^(?:table\s+of\s+contents|contents|in\s+this\s+(?:article|post|guide))$", re.IGNORECASE
)


def _unwrap(text: str) -> str:
    """Drop emphasis markers wrapped around a whole line."""
    text = text.strip()
    match = _WRAPPED.match(text) or re.match(r"^([*_])([^*_].*[^*_])\1$", text)
    return match.group(2).strip() if match else text


@lru_cache(maxsize=256)
def _strip_emphasis(text: str) -> str:
    # Cached: each block is asked "are you a heading, a title, a question?" in turn.
    return re.sub(r"\s+", " ", _unwrap(_LEADING_BOLD_NUMBER.sub(r"\2 ", text.strip()))).strip()


def _ends_with_question_mark(text: str) -> bool:
    return text.rstrip("*_ ").endswith(("?", "\uff1f"))


def _clean_title(text: str) -> str | None:
    title = _strip_emphasis(text).rstrip(":").strip()
    if not title or len(title) > MAX_TITLE_LENGTH:
        return None
    return title


def _is_short_line(unit: _Unit) -> bool:
    """A line of its own that could be a heading: short, no end punctuation, not code."""
    if unit.kind != "text" or len(unit.lines) != 1:
        return False
    text = _strip_emphasis(unit.lines[0])
    return (
        0 < len(text) <= 80
        and len(text.split()) <= 10
        and not text.endswith((".", "?", "!", ":", ";", ","))
        and (text[0].isupper() or text[0].isdigit())
        and not _looks_like_code(text, weak=True)
    )


def _heading_text(unit: _Unit) -> str | None:
    if unit.kind == "heading":
        return _strip_emphasis(unit.text)
    if _is_short_line(unit):
        return _strip_emphasis(unit.lines[0])
    return None


def _title_text(unit: _Unit) -> str | None:
    """The article's title, if `unit` (the first one) can be it."""
    if unit.kind == "heading":
        return _strip_emphasis(unit.text)
    if unit.kind == "text" and len(unit.lines) == 1:
        text = _strip_emphasis(unit.lines[0])
        if len(text) <= 150 and not text.endswith((".", ":", ";", ",")):
            return text
    return None


def _is_call_to_action(unit: _Unit) -> bool:
    """A short block that asks the reader to click, join or subscribe.

    A long paragraph that happens to say "click here" is an answer, not an ad.
    """
    text = " ".join([unit.text, *unit.lines])
    return unit.kind != "code" and len(text) <= 300 and bool(_CALL_TO_ACTION.search(text))


def _item_title(unit: _Unit) -> tuple[str, list[str]]:
    """An item's question, with its wrapped second line if the question runs over it."""
    if (
        not _ends_with_question_mark(unit.text)
        and unit.lines
        and _ends_with_question_mark(unit.lines[0])
    ):
        return f"{unit.text} {unit.lines[0]}", unit.lines[1:]
    return unit.text, unit.lines


def _split_inline_answer(text: str) -> tuple[str, list[str]]:
    """Separate `What is X? A: X is ...` written on one line."""
    match = _INLINE_ANSWER.match(text.strip()) if len(text) <= MAX_CODE_LINE * 10 else None
    if match:
        return match.group("title"), [match.group("rest")]
    return text.strip(), []


@dataclass
class _Question:
    title: str
    heading_level: int = 0
    units: list[_Unit] = field(default_factory=list)
    last_step: int | None = None


@dataclass
class _Section:
    heading: str | None
    introduction: list[_Unit] = field(default_factory=list)
    questions: list[_Question] = field(default_factory=list)


class _Reader:
    """Walk the units once, deciding what each one is from what came before."""

    def __init__(self, units: list[_Unit]):
        self.line_per_paragraph = not _is_hard_wrapped(units)
        if self.line_per_paragraph:
            # Each line is a paragraph of its own, a heading or a question included.
            units = [
                _Unit("text", lines=[line]) if unit.kind == "text" else unit
                for unit in units
                for line in (unit.lines if unit.kind == "text" else [None])
            ]
        self.units = units
        self.started = False
        self.in_contents = False
        self.title = ""
        self.introduction: list[_Unit] = []
        self.sections = [_Section(heading=None)]
        self.current: _Question | None = None
        self.last_number = 0
        self.asked = False
        self.closing = False
        self.explicit = self._has_explicit_questions()

    def read(self) -> ParsedArticle:
        for index, unit in enumerate(self.units):
            if unit.kind != "break":
                self._take(index, unit)
        return self._article()

    def _take(self, index: int, unit: _Unit) -> None:
        if self._is_noise(unit):
            return
        first, self.started = not self.started, True
        if self.in_contents and unit.kind == "item":
            return
        self.in_contents = False
        question = self._question_start(unit)
        if question:
            self.current, self.closing, self.asked = question, False, True
            self.sections[-1].questions.append(question)
        elif self.asked and self._is_closing(unit):
            self.current, self.closing = None, True
        elif first and _title_text(unit):
            self.title = _title_text(unit)
        elif unit.heading_text and _CONTENTS.match(unit.heading_text):
            # A table of contents lists the questions once more: skip it.
            self.in_contents = True
        elif (name := self._section_heading(index, unit)) is not None:
            self.current, self.closing = None, False
            self.sections.append(_Section(heading=name))
        elif self.closing or _is_call_to_action(unit):
            return
        elif self.current is not None:
            self.current.units.append(unit)
            if unit.kind == "item" and unit.number is not None and unit.indent < 2:
                self.current.last_step = unit.number
        elif len(self.sections) > 1:
            self.sections[-1].introduction.append(unit)
        else:
            self.introduction.append(unit)

    def _is_noise(self, unit: _Unit) -> bool:
        """Breadcrumbs, bylines, "ADVERTISEMENT" and such, copied along with a page."""
        if unit.kind != "text" or len(unit.lines) != 1:
            return False
        line = _strip_emphasis(unit.lines[0])
        if _NOISE.match(line):
            return True
        preamble = not self.asked and len(line) <= 150
        return preamble and bool(_BREADCRUMB.search(line) or _BYLINE.search(line))

    def _has_explicit_questions(self) -> bool:
        """Whether questions are marked (numbered, prefixed, headings) rather than bare lines."""
        explicit = bare = 0
        for unit in self.units:
            if (
                unit.kind == "qline"
                or (unit.kind == "heading" and self._heading_question(unit))
                or (self._numbered(unit) and _ends_with_question_mark(unit.text))
            ):
                explicit += 1
            elif unit.kind == "text" and self._bare_question_line(unit):
                bare += 1
        return explicit > 0 and explicit * 2 >= bare

    @staticmethod
    def _numbered(unit: _Unit) -> bool:
        return unit.kind == "item" and unit.number is not None and unit.indent < 2

    @staticmethod
    def _bare_question_line(unit: _Unit) -> bool:
        first = _unwrap(unit.lines[0])
        return (
            len(first) <= 200
            and _ends_with_question_mark(first)
            and not _CALL_TO_ACTION.search(first)
        )

    @staticmethod
    def _heading_question(unit: _Unit) -> tuple[str, list[str]] | None:
        """A heading's question: it ends with `?`, or is numbered or prefixed as one."""
        text = _strip_emphasis(unit.text)
        if len(text) > MAX_TITLE_LENGTH + 20:
            return None
        prefixed = _Q_PREFIX.match(text)
        if prefixed and prefixed.group(2):
            return _split_inline_answer(prefixed.group(2))
        numbered = _NUMBERED.match(text)
        if numbered:
            text = numbered.group(2)
        if _CALL_TO_ACTION.search(text):
            return None
        prompt = _PROMPT if numbered else _HEADING_PROMPT
        if _ends_with_question_mark(text) or prompt.match(text):
            return _split_inline_answer(text)
        return None

    def _inside_heading_question(self, unit: _Unit) -> bool:
        """A heading below the current question's own heading level belongs to its answer."""
        level = self.current.heading_level if self.current else 0
        return unit.kind == "heading" and bool(level) and unit.level > level

    def _question_start(self, unit: _Unit) -> _Question | None:
        """A new question if `unit` opens one, given the numbering so far."""
        found, level = None, 0
        if unit.kind == "heading" and not self._inside_heading_question(unit):
            found, level = self._heading_question(unit), unit.level
        elif unit.kind == "qline":
            found = _split_inline_answer(_Q_PREFIX.match(unit.text).group(2))
        elif self.explicit and self._numbered(unit) and self._numbers_a_question(unit):
            title, rest = _item_title(unit)
            title, lead = _split_inline_answer(title)
            found = (title, lead + rest)
        elif unit.kind == "text" and not self.explicit and self._bare_question_line(unit):
            title, lead = _split_inline_answer(_unwrap(unit.lines[0]))
            found = (title, lead + unit.lines[1:])
        title = _clean_title(found[0]) if found else None
        if title is None:
            return None
        if unit.kind == "item":
            self.last_number = unit.number
        question = _Question(title=title, heading_level=level)
        if found[1]:
            question.units.append(_Unit("text", lines=found[1]))
        return question

    def _numbers_a_question(self, unit: _Unit) -> bool:
        """Tell a numbered question from a numbered step of the current answer."""
        text = _item_title(unit)[0]
        steps = self.current.last_step if self.current else None
        continues_steps = steps is not None and unit.number == steps + 1
        next_question = unit.number == self.last_number + 1
        if _CALL_TO_ACTION.search(text):
            return False
        if _ends_with_question_mark(text):
            return next_question or not continues_steps
        if _PROMPT.match(_unwrap(text)):
            first = not self.asked and unit.number == 1
            return ((next_question and self.asked) or first) and not continues_steps
        return False

    def _could_start_question(self, unit: _Unit) -> bool:
        """Whether `unit` reads as a question, whatever the numbering so far."""
        if unit.kind == "qline":
            return True
        if unit.kind == "heading":
            return self._heading_question(unit) is not None
        if self._numbered(unit):
            text = _unwrap(_item_title(unit)[0])
            return self.explicit and (_ends_with_question_mark(text) or bool(_PROMPT.match(text)))
        return unit.kind == "text" and not self.explicit and self._bare_question_line(unit)

    def _is_closing(self, unit: _Unit) -> bool:
        """A heading (or a line of its own) that opens the article's closing words."""
        if self._inside_heading_question(unit):
            return False
        text = unit.heading_text
        if text is None and unit.kind == "text" and len(unit.lines) == 1:
            label = _strip_emphasis(unit.lines[0])
            if label.endswith(":") and len(label.split()) <= 6:
                text = label.rstrip(":")
        if text is None:
            return False
        if _CLOSING_HEADING.match(text):
            return True
        return unit.kind == "heading" and bool(_CALL_TO_ACTION.search(text))

    def _section_heading(self, index: int, unit: _Unit) -> str | None:
        """The heading's text if it opens a group of questions, else None."""
        text = unit.heading_text
        if text is None or _CONTENTS.match(text) or self._inside_heading_question(unit):
            return None
        if (
            unit.kind == "text"
            and not self.line_per_paragraph
            and self.units[index - 1].kind != "break"
        ):
            return None
        paragraphs = 3 if unit.kind == "heading" else 1
        for position in range(index + 1, len(self.units)):
            following = self.units[position]
            if following.kind == "break" or self._is_noise(following):
                continue
            if self._could_start_question(following):
                return text
            if (
                following.kind != "text"
                or paragraphs == 0
                or following.lines[-1].endswith(":")
                or following.heading_text is not None
            ):
                return None
            paragraphs -= 1
        return None

    def _article(self) -> ParsedArticle:
        title = self.title
        article_topic = topic_name_from(title) if title else None
        article_level = difficulty_from(title) if title else None
        everything = [question for section in self.sections for question in section.questions]
        last = everything[-1] if everything else None
        sections, skipped = [], []
        for part in self.sections:
            section = ParsedSection(
                heading=part.heading,
                topic=(topic_name_from(part.heading) if part.heading else None) or article_topic,
                difficulty=(difficulty_from(part.heading) if part.heading else None)
                or article_level,
                introduction=self._render(part.introduction),
            )
            for question in part.questions:
                units = _without_sign_off(question.units) if question is last else question.units
                answer = self._render(_strip_answer_prefix(units))
                if not answer:
                    skipped.append(question.title)
                    continue
                section.questions.append(
                    ParsedQuestion(
                        title=question.title,
                        answer=answer,
                        framework=detect_framework(question.title, answer),
                    )
                )
            if section.questions:
                sections.append(section)
        # A table of contents lists the questions again: those are not missing answers.
        answered = {normalise_question(q.title) for s in sections for q in s.questions}
        skipped = [title for title in skipped if normalise_question(title) not in answered]
        return ParsedArticle(
            title=title,
            introduction=self._render(self.introduction),
            sections=sections,
            skipped=list(dict.fromkeys(skipped)),
        )

    def _render(self, units: list[_Unit]) -> str:
        return render_units(units, line_per_paragraph=self.line_per_paragraph)


def _is_hard_wrapped(units: list[_Unit]) -> bool:
    """Whether paragraphs run over several short lines (Markdown) or are one long line each.

    Text copied from a web page puts each paragraph on one line, with no blank
    line between them, so its lines end a sentence; a Markdown file wraps
    paragraphs at about 80 columns, so most of its lines end mid-sentence.
    """
    wrapped = whole = 0
    for unit in units:
        if unit.kind == "text":
            for line in unit.lines[:-1]:
                if line.endswith((".", "!", "?", ":", ";")) or len(line) > 100:
                    whole += 1
                elif len(line) >= 40:
                    wrapped += 1
    return wrapped > whole


def _strip_answer_prefix(units: list[_Unit]) -> list[_Unit]:
    """Drop an `A:` or `Answer:` label from the start of an answer."""
    if not units or units[0].kind != "text":
        return units
    first = units[0]
    lead = _A_PREFIX.sub("", first.lines[0], count=1).strip()
    if lead == first.lines[0].strip():
        return units
    rest = [lead, *first.lines[1:]] if lead else first.lines[1:]
    return [_Unit("text", lines=rest), *units[1:]] if rest else units[1:]


def _without_sign_off(units: list[_Unit]) -> list[_Unit]:
    """Cut the last answer where a sign-off paragraph ("I hope ...") begins."""
    for position, unit in enumerate(units):
        if position and unit.kind == "text" and _SIGN_OFF.match(_strip_emphasis(unit.lines[0])):
            return units[:position]
    return units


# --- Rendering units back as Markdown ---------------------------------------

_GLYPH_RANK = {"\u25e6": 1, "\u25cb": 1, "\u2023": 1, "\u25aa": 2}


def render_units(units: list[_Unit], *, line_per_paragraph: bool = False) -> str:
    """Markdown for a run of units: blocks separated by blank lines, lists kept tight."""
    blocks: list[str] = []
    items: list[_Unit] = []
    for unit in units:
        if unit.kind == "item":
            items.append(unit)
            continue
        if unit.kind == "break":
            continue
        if items:
            blocks.append(_render_list(items))
            items = []
        if unit.kind == "heading":
            # Headings inside an answer or a description read as a bold lead-in:
            # the page around them owns the heading levels.
            blocks.append(f"**{_strip_emphasis(unit.text)}**")
        elif unit.kind == "text":
            separator = "\n\n" if line_per_paragraph else "\n"
            blocks.append(separator.join(_inline(line) for line in unit.lines))
        elif unit.kind == "code":
            blocks.append(_render_code(unit))
        elif unit.kind == "table":
            blocks.append("\n".join(unit.lines))
    if items:
        blocks.append(_render_list(items))
    return "\n\n".join(block for block in blocks if block.strip())


def _inline(line: str) -> str:
    return re.sub(r"[ \t]+", " ", line.strip())


def _render_code(unit: _Unit) -> str:
    body = "\n".join(line.rstrip().expandtabs(4) for line in unit.lines)
    longest = max((len(run) for run in re.findall(r"`{3,}", body)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{unit.lang}\n{body}\n{fence}"


def _render_list(items: list[_Unit]) -> str:
    """Nest by indentation, or by bullet glyph (`•` then `◦`) when pasting lost the indent."""
    lines = []
    stack: list[int] = []
    previous: _Unit | None = None
    level = 0
    for item in items:
        if previous is not None and item.indent == previous.indent:
            step = _GLYPH_RANK.get(item.marker, 0) - _GLYPH_RANK.get(previous.marker, 0)
            level = min(max(level + step, 0), level + 1)
        else:
            stack = stack or [item.indent]
            while len(stack) > 1 and item.indent < stack[-1] - 1:
                stack.pop()
            if item.indent >= stack[-1] + 2:
                stack.append(item.indent)
            level = len(stack) - 1
        level = min(level, 3)
        marker = f"{item.number}." if item.number is not None else "-"
        text = " ".join(_inline(line) for line in [item.text, *item.lines])
        lines.append(f"{'    ' * level}{marker} {text}")
        previous = item
    return "\n".join(lines)
