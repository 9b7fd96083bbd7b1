"""Four long, messy articles as editors really paste them, in realistic/.

Each is written for this test and carries the furniture its kind of page has:

- readme-100.md: a GitHub README (centred header with logo and badges, a
  language line, a table of contents, `<details>` questions whose answers mix
  Markdown and HTML, "Back to Top" links, Contributing, License, a star line);
- blog-page.html: a whole WordPress-style blog page (scripts, header and nav,
  breadcrumbs, a table of contents widget, an inline ad, "Read also" lines, a
  newsletter box, share buttons, an author box, related posts, comments, a
  cookie banner, the footer);
- chat-paste.md: an AI assistant's reply pasted whole, chatter included, with
  a second batch after the "continue";
- notes.txt: plain text copied from a course page (Q-prefixes mixed with
  numbers, sub-questions, unfenced code, a tab-separated table, a conclusion,
  a sign-off and share/navigation lines).

The expectations are what an editor wants from the import: each question with
its own whole answer, under the topic its section names, and none of the page.
Checks collect every problem of an article before failing, so one run shows
them all.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from questions.articles.importer import normalise_question, read_article
from questions.articles.report import Outcome
from questions.articles.service import import_articles
from questions.models import Question, Status

REALISTIC = Path(__file__).parent / "realistic"


@dataclass(frozen=True)
class Q:
    number: str  # as numbered in the article: "7", "7a"
    topic: str
    title: str
    fences: tuple[str, ...] = ()  # the language of each code block, in order
    keeps: tuple[str, ...] = ()  # text the answer must hold (its last words, its table...)


@dataclass(frozen=True)
class Article:
    file: str
    title: str
    questions: tuple[Q, ...]
    highest_number: int
    # Page text that must not reach any answer (checked case-insensitively).
    litter: tuple[str, ...]
    # Furniture the preview must report as left out: (a fragment of it, the reasons accepted).
    left_out: tuple[tuple[str, frozenset[str] | None], ...]
    kept_share: tuple[float, float]
    difficulties: dict[str, str] | None = None  # section topic or heading -> level


ANY = None
CHATTER = frozenset({"chatter"})
CLOSING = frozenset({"closing"})
CONTENTS = frozenset({"contents"})
LITTER = frozenset({"litter"})
PROMOTION = frozenset({"promotion"})

# Litter no answer of any article may carry.
COMMON_LITTER = (
    "Back to Top",
    "back to top",
    "\u2b06",
    "\u21a5",
    "(#table-of-contents)",
    "Star this repo",
    "\u2b50",
    "Sure!",
    "Let me know",
    "Continue similar",
    "Share this",
    "Good luck",
)


# --- readme-100.md -----------------------------------------------------------

CP, DJ, FL, DB = "Core Python", "Django", "Flask", "Databases, Caching and Deployment"

README = Article(
    file="readme-100.md",
    title="Backend Python Interview Questions",
    questions=(
        Q(
            "1",
            CP,
            "What is the difference between a list and a tuple?",
            (),
            ("| Mutable | yes | no |", "which a list never can."),
        ),
        Q(
            "2",
            CP,
            "What are `*args` and `**kwargs`?",
            ("python",),
            ("gathers the extra positional arguments", "`send(*recipients, **options)`."),
        ),
        Q(
            "3",
            CP,
            "How does Python manage memory?",
            (),
            (
                "**Reference counting**",
                "    - binding it to a name",
                "**The cyclic garbage collector**",
                "pages they never change.",
            ),
        ),
        Q(
            "4",
            CP,
            "What is the GIL, and when does it matter?",
            (),
            ("**CPU-bound**", "drops the lock altogether."),
        ),
        # A bare <pre><code> with Python in it: fenced, and as Python (a guess, as for bare code).
        Q(
            "5",
            CP,
            "What does `yield` do?",
            ("python",),
            ("while n > 0:", "in constant memory."),
        ),
        Q("6", CP, "What is a decorator?", ("python",), ("tools like Sphinx.",)),
        Q(
            "7",
            CP,
            "Explain the difference between `is` and `==`",
            ("pycon",),
            ("your own sentinel objects.",),
        ),
        Q(
            "8",
            CP,
            "What is a context manager?",
            ("python",),
            ("everything after it the teardown.",),
        ),
        Q("9", CP, "How do you make your own class iterable?", ("python",), ("like a file.",)),
        Q(
            "10",
            CP,
            "What goes wrong with a mutable default argument?",
            ("python",),
            ("as B006.",),
        ),
        Q(
            "11",
            CP,
            "What is the MRO, and how does `super()` use it?",
            (),
            ("`ClassName.__mro__`", "calls `super()` too."),
        ),
        Q(
            "12",
            CP,
            "When would you use a dataclass instead of a plain class?",
            (),
            ("rather than a public record.",),
        ),
        Q(
            "13",
            DJ,
            "Explain the request/response cycle in Django",
            (),
            ("    - it talks to the models", "6. The server sends the response back"),
        ),
        Q(
            "14",
            DJ,
            "What is the difference between a project and an app?",
            (),
            ("`INSTALLED_APPS`", "another project unchanged."),
        ),
        Q(
            "15",
            DJ,
            "What are migrations, and how do you squash them?",
            ("bash",),
            ("drop the `replaces` list.",),
        ),
        Q(
            "16",
            DJ,
            "How do you avoid N+1 queries in the Django ORM?",
            ("python",),
            ("    - a `Prefetch()` object", "brings the problem back."),
        ),
        Q(
            "17",
            DJ,
            "What are signals, and when should you avoid them?",
            (),
            ("never send it at all.",),
        ),
        Q(
            "18",
            DJ,
            "What is middleware, and how do you write one?",
            ("python",),
            ("the order of the layers.",),
        ),
        Q(
            "19",
            DJ,
            "How does Django protect against CSRF?",
            ("html",),
            ("{% csrf_token %}", "`X-CSRFToken` header."),
        ),
        Q(
            "20",
            DJ,
            "What is the difference between `null=True` and `blank=True`?",
            (),
            ("| `null=True` | the database |", 'two different kinds of "empty"'),
        ),
        Q(
            "21",
            DJ,
            "How do class-based views differ from function-based views?",
            (),
            ("(ccbv.co.uk helps).",),
        ),
        Q(
            "22",
            DJ,
            "Why should a new project start with a custom user model?",
            ("python",),
            ("`settings.AUTH_USER_MODEL`.",),
        ),
        Q(
            "23",
            DJ,
            "How do you write a custom management command?",
            ("python", "bash"),
            ("purge_carts --days 14",),
        ),
        Q(
            "24",
            DJ,
            "What does `transaction.atomic()` guarantee?",
            (),
            ("- catching the exception", "later rolled back"),
        ),
        Q(
            "25",
            FL,
            "What is the application factory pattern?",
            ("python",),
            ("    return app",),
        ),
        Q(
            "26",
            FL,
            "What is a blueprint, and when do you need one?",
            ("python",),
            ("order=get_order(order_id))",),
        ),
        Q(
            "27",
            FL,
            "What is the difference between the application context and the request context?",
            (),
            ("needs `current_app`.",),
        ),
        Q(
            "28",
            FL,
            "How is `g` different from `session`?",
            (),
            ("never put secrets in it.",),
        ),
        Q(
            "29",
            FL,
            "How do you handle errors globally in Flask?",
            ("python",),
            ('"internal error"}, 500',),
        ),
        Q("30", FL, "How do you test a Flask app?", ("python",), ("for CLI commands.",)),
        Q("31", FL, "What is Werkzeug?", (), ("must never reach production.",)),
        Q(
            "32",
            FL,
            "How do you manage configuration across environments?",
            ("python",),
            ("    - `Testing`:", "every `FLASK_*` variable for you."),
        ),
        Q(
            "33",
            FL,
            "Explain how Flask-SQLAlchemy scopes its session",
            (),
            ("outside of application context.",),
        ),
        Q(
            "34",
            DB,
            "What is a database index, and when does it hurt?",
            ("sql",),
            ("ignores it anyway.",),
        ),
        Q(
            "35",
            DB,
            "Explain optimistic and pessimistic locking",
            ("python",),
            ("two writers at once.",),
        ),
        Q(
            "36",
            DB,
            "How would you cache an expensive view?",
            ("python",),
            ("when the data changes.",),
        ),
        Q(
            "37",
            DB,
            "What is the difference between WSGI and ASGI?",
            (),
            ("| Servers |", "its ASGI sibling."),
        ),
        Q(
            "38",
            DB,
            "How do you make Celery tasks safe to retry?",
            ("python",),
            ("survive a worker crash.",),
        ),
        Q(
            "39",
            DB,
            "How do you deploy a Django app behind Gunicorn and Nginx?",
            ("bash", "nginx"),
            ("was HTTPS.",),
        ),
        Q(
            "40",
            DB,
            "What would you monitor in production?",
            (),
            ("    - p50, p95 and p99", "a person can act on."),
        ),
    ),
    highest_number=40,
    litter=(
        "Contributing",
        "Fork this repository",
        "Code of Conduct",
        "License",
        "MIT License",
        "Made with",
        "PyPrep",
        "Read this in other languages",
        "Español",
        "简体中文",
        "shields.io",
        "GitHub stars",
        "Discord",
        "Table of Contents",
    ),
    left_out=(
        ("GitHub stars", LITTER),
        ("Read this in other languages", LITTER),
        ("Table of Contents", CONTENTS),
        ("Back to Top", LITTER),
        ("back to top", LITTER),
        ("Contributing", ANY),
        ("Fork this repository", ANY),
        ("License", ANY),
        # A call to action as a heading after the last question opens the closing words.
        ("Star this repo", ANY),
    ),
    kept_share=(0.80, 0.99),
)


# --- blog-page.html ----------------------------------------------------------

BLOG = Article(
    file="blog-page.html",
    title="15 Django and Flask Interview Questions (With Answers) for 2025",
    questions=(
        Q(
            "1",
            "Django",
            "How does the Django ORM turn a QuerySet into SQL?",
            ("python",),
            ("Lazily.", 'ORDER BY "rating" DESC'),
        ),
        Q(
            "2",
            "Django",
            "Explain the difference between `get()` and `filter()`",
            (),
            ("- use `get()` for lookups", "into a 404 page"),
        ),
        Q(
            "3",
            "Django",
            "What are Django signals, and why do senior developers distrust them?",
            (),
            ("the project that uses it.",),
        ),
        # The ad sits between the answer's two paragraphs: both stay, the ad goes.
        Q(
            "4",
            "Django",
            "Explain how Django stores passwords",
            (),
            ("its own random salt.", "needs no migration."),
        ),
        Q(
            "5",
            "Django",
            "How do you add extra fields to the user model?",
            ("python",),
            ("`OneToOneField` to the user.",),
        ),
        Q(
            "6",
            "Django",
            "How would you split `settings.py` per environment?",
            (),
            ("- **A settings package**", "never live in the repository."),
        ),
        Q(
            "7",
            "Django",
            "Explain template inheritance",
            ("django",),
            ("{% extends", "<h1>Your orders</h1>", "a list of them."),
        ),
        # An <h2> among <h3> questions: the writer slipped, the numbering goes on.
        Q(
            "8",
            "Django",
            "How do you serve static and media files in production?",
            (),
            ("the container's file system.",),
        ),
        Q(
            "9",
            "Flask",
            "Why is Flask called a micro framework?",
            (),
            ("fill in the rest.",),
        ),
        Q(
            "10",
            "Flask",
            "Explain how routes and URL variables work in Flask",
            ("python",),
            ("<int:user_id>", "break every template."),
        ),
        Q(
            "11",
            "Flask",
            "How do you restrict a view to logged-in users?",
            ("python",),
            ("orders=current_user.orders)",),
        ),
        Q(
            "12",
            "Flask",
            "Where does Flask store the session?",
            (),
            ("an id in the cookie.",),
        ),
        Q(
            "13",
            "Flask",
            "Explain how you would structure a larger Flask project",
            ("text",),
            ("    extensions.py", "wires everything together."),
        ),
        Q(
            "14",
            "Flask",
            "How do you run background tasks from a Flask app?",
            ("python",),
            ("`app.app_context()`.",),
        ),
        Q(
            "15",
            "Flask",
            "When would you pick Flask over Django?",
            (),
            ("gets there sooner.", "| Internal JSON API with three endpoints | Flask |"),
        ),
    ),
    highest_number=15,
    litter=(
        "Skip to content",
        "Climb one rung",
        "Go Pro",
        "Interview Prep",
        "Blog",
        "Toggle",
        "Table of Contents",
        "Read also",
        "ORM Tricks",
        "Flask-Login Guide",
        "Advertisement",
        "adsbygoogle",
        "CodeLadder",
        "30% off",
        "Want more questions",
        "Every Tuesday",
        "unsubscribe",
        "Send me questions",
        "Twitter",
        "LinkedIn",
        "Reddit",
        "Dana Okafor",
        "mentors juniors",
        "Posted in",
        "Tagged",
        "Related posts",
        "FastAPI",
        "Celery Basics for Django Developers",
        "thoughts on",
        "word for word",
        "Why is WhiteNoise fine",
        "Leave a Reply",
        "will not be published",
        "Recent Posts",
        "We use cookies",
        "Cookie settings",
        "By clicking",
        "Privacy Policy",
        "All rights reserved",
        "None of these questions is a trick",
        "gtag",
        "schema.org",
        "border-radius",
    ),
    left_out=(
        ("Skip to content", LITTER),
        ("Table of Contents", ANY),
        ("Advertisement", ANY),
        ("Read also", ANY),
        ("Want more questions like these?", ANY),
        ("Conclusion", CLOSING),
        ("Share this", ANY),
        ("Dana Okafor is a backend engineer", ANY),
        ("Related posts", ANY),
        ("thoughts on", ANY),
        ("Privacy Policy", ANY),
        ("We use cookies", ANY),
    ),
    kept_share=(0.55, 0.95),
)


# --- chat-paste.md -----------------------------------------------------------

CHAT = Article(
    file="chat-paste.md",
    title="Flask Interview Questions and Answers",
    questions=(
        Q("1", "Flask", "What is Flask?", (), ("Flask is a lightweight WSGI", "Flask-WTF")),
        Q(
            "2",
            "Flask",
            "How do you create a minimal Flask application?",
            ("python", "bash"),
            ("(never in production)",),
        ),
        Q(
            "3",
            "Flask",
            "What are routes and how do you add URL parameters?",
            ("python",),
            ("A route maps a URL rule", "without calling the view."),
        ),
        Q(
            "4",
            "Flask",
            "How do you access request data?",
            ("python",),
            ("| Query string | `request.args` |", "return run_search(term, page)"),
        ),
        Q(
            "5",
            "Flask",
            "Explain Flask's request lifecycle",
            (),
            ("1. The WSGI server calls", "6. The contexts are popped", "but not teardown"),
        ),
        Q(
            "6",
            "Flask",
            "What is Jinja2 and how does Flask use it?",
            ("python", "html"),
            ("{% endif %}",),
        ),
        Q(
            "7",
            "Flask",
            "Difference between `session` and `g`",
            (),
            ("- `g` is scratch space", "users can read it"),
        ),
        Q(
            "8",
            "Flask",
            "How do you redirect and show a one-time message?",
            ("python",),
            ("`get_flashed_messages()`.",),
        ),
        Q(
            "9",
            "Flask",
            "What is the application factory pattern?",
            ("python",),
            ("Each test can build its own app",),
        ),
        Q(
            "10",
            "Flask",
            "What are Blueprints and why use them?",
            ("python",),
            ('`url_for("admin.dashboard")`',),
        ),
        Q(
            "11",
            "Flask",
            "How does Flask handle errors?",
            ("python",),
            ("order=found)",),
        ),
        Q(
            "12",
            "Flask",
            "How do you connect Flask to a database with SQLAlchemy?",
            ("python", "python"),
            ("scoped to the application context",),
        ),
        Q(
            "13",
            "Flask",
            "How do you implement authentication in Flask?",
            ("python",),
            ("replaces cookies",),
        ),
        Q(
            "14",
            "Flask",
            "How do you write tests for a Flask app?",
            ("python",),
            ("status_code == 200",),
        ),
        Q(
            "15",
            "Flask",
            "What are Flask's application and request contexts?",
            (),
            ("- **Request context**", "`with app.app_context():`."),
        ),
        Q(
            "16",
            "Flask",
            "How do you deploy a Flask application to production?",
            ("bash",),
            ("behind the proxy",),
        ),
        Q(
            "17",
            "Flask",
            "How do you handle configuration in Flask?",
            ("python",),
            ("kept out of version control",),
        ),
        Q(
            "18",
            "Flask",
            "What is Werkzeug and what does it provide?",
            (),
            ("`secure_filename()`.",),
        ),
        Q(
            "19",
            "Flask",
            "How do you build a REST API in Flask?",
            ("python",),
            ("before the first client depends on it",),
        ),
        Q(
            "20",
            "Flask",
            "How do you run background jobs with Flask and Celery?",
            ("python",),
            ("Tasks must be safe to retry",),
        ),
        Q(
            "21",
            "Flask",
            "Explain how you would secure a Flask application",
            (),
            ("- Set a long random `SECRET_KEY`", "(`MAX_CONTENT_LENGTH`)"),
        ),
        Q(
            "22",
            "Flask",
            "What are signals in Flask?",
            ("python",),
            ("template_rendered.connect(log_template, app)",),
        ),
        Q(
            "23",
            "Flask",
            "How can Flask serve async views?",
            ("python",),
            ("Flask API on ASGI",),
        ),
        Q(
            "24",
            "Flask",
            "How do you scale a Flask application?",
            (),
            ("beat more servers",),
        ),
        Q(
            "25",
            "Flask",
            "Flask vs Django: when would you choose Flask?",
            (),
            ("| Learning curve | gentle |",),
        ),
    ),
    highest_number=25,
    litter=(
        "Here are",
        "25 Flask interview questions",
        "**Answer",
        "Answer:",
        "You said",
        "ChatGPT said",
        "Of course!",
        "remaining 10 questions",
        "same format",
        "Would you like me to",
        "flashcards",
        "now structured",
        "\U0001f60a",
        "\U0001f680",
        "Beginner Level",
        "Advanced Level",
    ),
    left_out=(
        ("Sure! Here are", CHATTER),
        ("Continue similar format", CHATTER),
        ("Let me know if you'd like more", CHATTER),
        ("You said", ANY),
        ("ChatGPT said", ANY),
        ("Of course! Here are the remaining", CHATTER),
        ("These answers are now structured", CHATTER),
        ("Good luck with your interview", ANY),
    ),
    kept_share=(0.85, 0.99),
    difficulties={
        # Headings come without their leading emoji.
        "Beginner Level (1\u20138)": "beginner",
        "Intermediate Level (9\u201315)": "intermediate",
        "Advanced Level (16\u201325)": "advanced",
    },
)


# --- notes.txt ---------------------------------------------------------------

FS, CO, ET = "Functions and Scope", "Classes and Objects", "Errors and Testing"

NOTES = Article(
    file="notes.txt",
    title="Python Interview Prep - Lesson 6: Functions, Classes and Errors",
    questions=(
        Q(
            "1",
            FS,
            "What is the difference between a parameter and an argument?",
            (),
            ('"Ada" is the argument.',),
        ),
        Q("2", FS, "What does the LEGB rule describe?", (), ("for the rest of the function.",)),
        # One block of code, blank lines and all, and the sentence after it.
        Q(
            "3",
            FS,
            "What is a closure?",
            ("python",),
            ("        nonlocal count", "counter()  # 2", "local to that function."),
        ),
        Q(
            "4",
            FS,
            "What is the difference between *args and **kwargs?",
            ("python",),
            ("    return first, second",),
        ),
        Q(
            "5",
            FS,
            "Why should you avoid a mutable default argument?",
            ("python",),
            ("    return basket",),
        ),
        Q("6", CO, "What is self?", (), ("every linter expects it.",)),
        Q(
            "7",
            CO,
            "What is the difference between a class attribute and an instance attribute?",
            (),
            ("the class second.", "| Typical use | constants, counters | the object's own data |"),
        ),
        Q(
            "7a",
            CO,
            "What happens if you assign to a class attribute through an instance?",
            (),
            ("still see the old value.",),
        ),
        Q(
            "7b",
            CO,
            "Why is a list as a class attribute a common bug?",
            ("python",),
            ("        self.members.append(name)", "each team gets its own."),
        ),
        Q(
            "8",
            CO,
            "What is the difference between __str__ and __repr__?",
            (),
            ("f-strings show __str__.",),
        ),
        Q(
            "9",
            CO,
            "What does @property do?",
            ("python",),
            ("        return self.celsius * 9 / 5 + 32",),
        ),
        Q(
            "10",
            ET,
            "Explain the difference between @staticmethod and @classmethod",
            (),
            ("belongs there logically.",),
        ),
        Q(
            "11",
            ET,
            "How do you create and raise your own exception?",
            ("python",),
            ("    return balance - amount", "swallows KeyboardInterrupt."),
        ),
        Q(
            "12",
            ET,
            "What does the finally block guarantee?",
            (),
            ("the same guarantee.",),
        ),
    ),
    highest_number=12,
    litter=(
        "Lesson 6 of 12",
        "Mark as complete",
        "Conclusion",
        "whole question set",
        "quiz on Friday",
        "see you in Lesson 7",
        "Marta",
        "Twitter",
        "LinkedIn",
        "Was this lesson helpful",
        "Previous lesson",
        "Next lesson",
        "Part A",
        "Part B",
        "Part C",
    ),
    left_out=(
        ("Lesson 6 of 12", ANY),
        ("Mark as complete", ANY),
        ("Conclusion", CLOSING),
        ("Good luck, and see you", ANY),
        ("Marta", ANY),
        ("Share this", ANY),
        ("Was this lesson helpful", ANY),
        ("Previous lesson", ANY),
    ),
    kept_share=(0.75, 0.98),
)

ARTICLES = {article.file: article for article in (README, BLOG, CHAT, NOTES)}
NAMES = list(ARTICLES)


@cache
def parsed(name: str):
    return read_article((REALISTIC / name).read_bytes())


# --- helpers -----------------------------------------------------------------

_FENCE_LINE = re.compile(r"^(`{3,}|~{3,})(.*)$")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|nbsp|raquo|laquo|hellip|#\d+);")
_INLINE_CODE = re.compile(r"(`+)[^`]*?\1")
_CODE_OUTSIDE = re.compile(
    r"^(?:def \w+\(|class \w+[(:]|import \w|from [\w.]+ import |@\w[\w.]*(?:\(.*\))?$"
    r"|return\b|if __name__|[A-Za-z_][\w.]*\(.*\)\s*(?:#.*)?$|\s{4,}(?![-*+] |\d+[.)] |\|)\S)"
)


def fences(answer: str) -> list[str]:
    """The language of each fenced block, in order."""
    found, inside = [], None
    for line in answer.split("\n"):
        match = _FENCE_LINE.match(line.strip())
        if not match:
            continue
        if inside is None:
            found.append(match.group(2).strip())
            inside = match.group(1)
        elif line.strip().startswith(inside) and not line.strip().strip(inside[0]):
            inside = None
    return found


def prose(answer: str) -> list[str]:
    """The answer's lines outside fenced code, with inline code taken out."""
    lines, inside = [], None
    for line in answer.split("\n"):
        match = _FENCE_LINE.match(line.strip())
        if match and inside is None:
            inside = match.group(1)
            continue
        if inside is not None:
            if line.strip().startswith(inside) and not line.strip().strip(inside[0]):
                inside = None
            continue
        lines.append(_INLINE_CODE.sub("", line))
    return lines


def outline(article):
    return [
        (section.topic, question.title)
        for section in article.sections
        for question in section.questions
    ]


def answers_by_title(article) -> dict[str, str]:
    return {question.title: question.answer for question in article.questions}


def kept_texts(article) -> list[tuple[str, str]]:
    """Everything the import keeps besides answers: (where, text)."""
    texts = [("title", article.title), ("introduction", article.introduction)]
    for section in article.sections:
        texts.append(("heading", section.heading or ""))
        texts.append((f"topic of section {section.heading!r}", section.topic or ""))
        texts.append((f"introduction of section {section.heading!r}", section.introduction))
    return texts


def report(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def short(text: str, limit: int = 300) -> str:
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- per article -------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_title(name):
    assert parsed(name).title == ARTICLES[name].title


@pytest.mark.parametrize("name", NAMES)
def test_questions_and_topics_in_order(name):
    expected = [(q.topic, q.title) for q in ARTICLES[name].questions]
    found = outline(parsed(name))
    problems = []
    titles, found_titles = [t for _, t in expected], [t for _, t in found]
    problems += [f"missing question {t!r}" for t in titles if t not in found_titles]
    problems += [f"extra question {t!r}" for t in found_titles if t not in titles]
    topics = {title: topic for topic, title in found}
    for topic, title in expected:
        if title in topics and topics[title] != topic:
            problems.append(f"{title!r}: topic {topics[title]!r}, expected {topic!r}")
    if not problems and found != expected:
        problems.append(f"same questions, different order: {found_titles}")
    report(problems)


@pytest.mark.parametrize("name", NAMES)
def test_nothing_is_unanswered_or_skipped(name):
    article = parsed(name)
    assert article.skipped == []
    assert [s.unanswered for s in article.sections if s.unanswered] == []


@pytest.mark.parametrize("name", NAMES)
def test_the_count_matches_the_numbering(name):
    spec, article = ARTICLES[name], parsed(name)
    subs = sum(not q.number.isdigit() for q in spec.questions)
    assert article.highest_number == spec.highest_number
    assert len(article.questions) == article.highest_number + subs


@pytest.mark.parametrize("name", NAMES)
def test_no_page_litter_in_any_answer(name):
    spec, article = ARTICLES[name], parsed(name)
    fragments = COMMON_LITTER + spec.litter
    problems = []
    for question in article.questions:
        lowered = question.answer.lower()
        for fragment in fragments:
            if fragment.lower() in lowered:
                at = lowered.index(fragment.lower())
                problems.append(
                    f"{question.title!r} holds {fragment!r}: "
                    f"...{short(question.answer[max(0, at - 80) : at + 120])}..."
                )
        for line in question.answer.split("\n"):
            if line.strip() in ("---", "***", "continue") or re.match(r"A\s*:", line):
                problems.append(f"{question.title!r} holds the line {line!r}")
    report(problems)


@pytest.mark.parametrize("name", NAMES)
def test_no_furniture_in_title_introductions_or_sections(name):
    spec, article = ARTICLES[name], parsed(name)
    fragments = COMMON_LITTER + spec.litter
    problems = []
    for where, text in kept_texts(article):
        for fragment in fragments:
            # The title and the section headings are the source's own words ("Part A -
            # Functions", a site's "Blog"); the topics they name are checked here.
            if where in ("title", "heading") or fragment.lower() not in text.lower():
                continue
            problems.append(f"{where} holds {fragment!r}: {short(text)}")
    report(problems)


@pytest.mark.parametrize("name", NAMES)
def test_no_html_outside_code(name):
    problems = []
    for question in parsed(name).questions:
        for line in prose(question.answer):
            for found in _TAG.findall(line) + _ENTITY.findall(line):
                problems.append(f"{question.title!r}: {found!r} in {short(line)!r}")
    report(problems)


@pytest.mark.parametrize("name", NAMES)
def test_no_answer_holds_another_question(name):
    article = parsed(name)
    problems = []
    for question in article.questions:
        for other in article.questions:
            if other is not question and other.title in question.answer:
                problems.append(f"{question.title!r} holds {other.title!r}")
    report(problems)


@pytest.mark.parametrize("name", NAMES)
def test_code_is_fenced_with_its_language(name):
    spec = ARTICLES[name]
    answers = answers_by_title(parsed(name))
    problems = []
    for q in spec.questions:
        if q.title not in answers:
            continue  # reported by the outline test
        found = fences(answers[q.title])
        if found != list(q.fences):
            problems.append(f"{q.number}. {q.title!r}: fences {found}, expected {list(q.fences)}")
        for line in prose(answers[q.title]):
            if _CODE_OUTSIDE.match(line):
                problems.append(f"{q.number}. {q.title!r}: code outside a fence: {line!r}")
    report(problems)


@pytest.mark.parametrize("name", NAMES)
def test_each_answer_is_whole(name):
    spec = ARTICLES[name]
    answers = answers_by_title(parsed(name))
    problems = []
    for q in spec.questions:
        if q.title not in answers:
            continue  # reported by the outline test
        for text in q.keeps:
            if text not in answers[q.title]:
                problems.append(
                    f"{q.number}. {q.title!r} lacks {text!r}; its answer ends: "
                    f"{short(answers[q.title][-200:])!r}"
                )
    report(problems)


@pytest.mark.parametrize("name", NAMES)
def test_furniture_is_reported_as_left_out(name):
    spec, article = ARTICLES[name], parsed(name)
    problems = []
    for fragment, reasons in spec.left_out:
        items = [
            item
            for item in article.left_out
            if fragment.lower() in item.text.replace("*", "").lower()
        ]
        if not items:
            problems.append(f"{fragment!r} is not in left_out")
        elif reasons is not None and not any(item.reason in reasons for item in items):
            problems.append(
                f"{fragment!r} left out as {sorted({i.reason for i in items})}, "
                f"expected {sorted(reasons)}"
            )
    report(problems)


@pytest.mark.parametrize("name", NAMES)
def test_kept_share_is_reasonable(name):
    low, high = ARTICLES[name].kept_share
    assert low <= parsed(name).kept_share <= high


def test_chat_level_sections_set_difficulty_and_keep_the_article_topic():
    article = parsed(CHAT.file)
    found = {section.heading: (section.topic, section.difficulty) for section in article.sections}
    assert found == {heading: ("Flask", level) for heading, level in CHAT.difficulties.items()}


# --- the database import -----------------------------------------------------


@pytest.mark.django_db
def test_the_four_articles_import_as_drafts():
    articles = [parsed(name) for name in NAMES]
    result = import_articles(articles=articles)

    # The same question under the same topic in two articles is imported once.
    keys = [
        (q.topic, normalise_question(q.title)) for spec in ARTICLES.values() for q in spec.questions
    ]
    distinct = len(set(keys))
    outcomes = [r.outcome for r in result.results]
    topics = {q.topic for spec in ARTICLES.values() for q in spec.questions}
    problems = []
    if result.without_answer:
        problems.append(f"without answer: {result.without_answer}")
    if set(outcomes) - {Outcome.CREATED, Outcome.REPEATED}:
        problems.append(f"outcomes other than created or repeated: {sorted(set(outcomes))}")
    if outcomes.count(Outcome.CREATED) != distinct:
        problems.append(f"{outcomes.count(Outcome.CREATED)} created, expected {distinct}")
    if outcomes.count(Outcome.REPEATED) != len(keys) - distinct:
        problems.append(
            f"{outcomes.count(Outcome.REPEATED)} repeated, expected {len(keys) - distinct}"
        )
    if Question.objects.count() != distinct:
        problems.append(f"{Question.objects.count()} questions stored, expected {distinct}")
    statuses = set(Question.objects.values_list("status", flat=True))
    if statuses != {Status.DRAFT}:
        problems.append(f"statuses {statuses}, expected drafts only")
    without_one_answer = [q.title for q in Question.objects.all() if q.answers.count() != 1]
    if without_one_answer:
        problems.append(f"questions without exactly one answer: {without_one_answer}")
    if set(result.new_topics) != topics:
        problems.append(f"new topics {sorted(result.new_topics)}, expected {sorted(topics)}")
    report(problems)
