"""The article parser: real-looking articles in, exact questions and Markdown out."""

import codecs
from pathlib import Path

import pytest

from questions.articles.importer import (
    MAX_ARTICLE_BYTES,
    MAX_QUESTIONS,
    ArticleError,
    decode_article,
    detect_framework,
    difficulty_from,
    normalise_question,
    parse_article,
    read_article,
    topic_name_from,
)
from questions.markdown import render_markdown

ARTICLES = Path(__file__).parent
CLOSING_WORDS = [
    "join our",
    "click here",
    "subscribe",
    "sign up",
    "conclusion",
    "wrapping up",
    "final thoughts",
    "thanks for reading",
    "good luck",
    "advertisement",
    "comments",
    "share this",
    "table of contents",
    "min read",
    "»",
]


def read(name: str):
    return read_article((ARTICLES / name).read_bytes())


def outline(article):
    return [
        (section.topic, section.difficulty, question.title, question.framework)
        for section in article.sections
        for question in section.questions
    ]


def answer(article, title: str) -> str:
    return next(q.answer for q in article.questions if q.title == title)


def assert_no_closing_text(article):
    texts = [article.introduction, *(s.introduction for s in article.sections)]
    texts += [q.answer for q in article.questions]
    for text in texts:
        for words in CLOSING_WORDS:
            assert words not in text.lower(), (words, text)


# --- numbered.txt: plain text, "12." questions, short-line sections ---------


def test_numbered_article_questions_topics_and_frameworks():
    article = read("numbered.txt")
    assert article.title == "Flask Interview Questions and Answers"
    assert article.introduction == (
        "Flask is small enough to learn in an afternoon, which is exactly why interviewers "
        "like to dig into the parts people skip. These are the questions we hear most often "
        "from teams hiring for Flask work, with answers a strong candidate could give."
    )
    assert outline(article) == [
        (
            "Getting started",
            None,
            'What is Flask, and how is it different from a "batteries included" framework?',
            "flask",
        ),
        (
            "Getting started",
            None,
            "How do you create and run a minimal Flask application?",
            "flask",
        ),
        ("Getting started", None, "What does the application factory pattern solve?", "flask"),
        ("Routing and views", None, "How do blueprints help organise a larger Flask app?", "flask"),
        (
            "Routing and views",
            None,
            "Explain the difference between url_for and hard-coded URLs",
            "flask",
        ),
        (
            "Routing and views",
            None,
            "How do you return JSON and set a status code from a view?",
            "flask",
        ),
        (
            "Contexts and state",
            "advanced",
            "What are the application context and the request context?",
            "flask",
        ),
        (
            "Contexts and state",
            "advanced",
            "Why should you not keep per-user data in a module-level variable?",
            "flask",  # names no framework: gets the article's main framework, Flask
        ),
    ]
    assert [s.heading for s in article.sections] == [
        "Getting started",
        "Routing and views",
        "Contexts and state (advanced)",
    ]
    assert article.skipped == []
    assert_no_closing_text(article)


def test_numbered_article_keeps_steps_and_fences_bare_code():
    article = read("numbered.txt")
    assert answer(article, "How do you create and run a minimal Flask application?") == (
        "Three steps are enough:\n"
        "\n"
        "1. Install Flask into a virtual environment.\n"
        "2. Create a module that builds the application object.\n"
        "3. Start the development server from the same folder.\n"
        "\n"
        "```bash\n"
        "pip install flask\n"
        "flask --app hello run --debug\n"
        "```\n"
        "\n"
        "The module itself:\n"
        "\n"
        "```python\n"
        "from flask import Flask\n"
        "\n"
        "app = Flask(__name__)\n"
        "\n"
        '@app.route("/")\n'
        "def index():\n"
        '    return "Hello, interview!"\n'
        "```\n"
        "\n"
        "The --debug flag turns on the reloader and the interactive debugger; never use it in "
        "production."
    )
    assert answer(article, "What does the application factory pattern solve?").endswith(
        "```python\n"
        "def create_app(config=None):\n"
        "    app = Flask(__name__)\n"
        "    app.config.from_mapping(config or {})\n"
        "\n"
        "    register_blueprints(app)\n"
        "    return app\n"
        "```\n"
        "\n"
        "Benefits worth naming in an interview:\n"
        "\n"
        "- each test gets its own app and configuration\n"
        "- extensions are initialised with init_app, so they hold no global app\n"
        "- circular imports between views and the app object disappear"
    )


def test_numbered_article_nests_bullets_and_converts_a_pasted_table():
    article = read("numbered.txt")
    assert answer(article, "How do blueprints help organise a larger Flask app?") == (
        "A blueprint is a bundle of routes, templates and static files that you register on "
        "an app, optionally under a URL prefix. Typical uses:\n"
        "\n"
        "- splitting an app by feature (accounts, billing, admin)\n"
        "    - each feature keeps its views and templates together\n"
        "    - the URL prefix is chosen at registration time\n"
        "- shipping reusable pieces in a package"
    )
    assert answer(article, "How do you return JSON and set a status code from a view?") == (
        "Return a dict (Flask serialises it) or call jsonify, and add the status as the "
        "second item of a tuple:\n"
        "\n"
        "```python\n"
        '@app.post("/items")\n'
        "def create_item():\n"
        "    item = save(request.get_json())\n"
        '    return {"id": item.id}, 201\n'
        "```\n"
        "\n"
        "Status codes you should be able to explain:\n"
        "\n"
        "| Code | Meaning | When |\n"
        "| --- | --- | --- |\n"
        "| 200 | OK | a normal successful read |\n"
        "| 201 | Created | a POST that made something new |\n"
        "| 400 | Bad Request | the client sent invalid data |\n"
        "| 404 | Not Found | no such resource |"
    )


def test_an_answer_that_starts_with_the_word_answer_keeps_it():
    article = parse_article("## What is 42?\nAnswer. To everything.\n")
    assert article.questions[0].answer == "Answer. To everything."


def test_answers_render_as_lists_tables_and_highlighted_code():
    article = read("numbered.txt")
    html = render_markdown(answer(article, "How do blueprints help organise a larger Flask app?"))
    assert html.count("<ul>") == 2 and html.count("<li>") == 4
    html = render_markdown(
        answer(article, "How do you return JSON and set a status code from a view?")
    )
    assert "<table>" in html and "<th>Meaning</th>" in html and "<td>Bad Request</td>" in html
    assert '<div class="highlight">' in html


# --- q-prefixed.txt: "Q:" / "Question 3:" / "A:" notes ----------------------


def test_prefixed_article_questions():
    article = read("q-prefixed.txt")
    assert article.title == "Django ORM and models: interview prep notes"
    assert article.introduction.startswith("(Collected over three rounds of interviews")
    assert outline(article) == [
        (
            "Django ORM and models",
            None,
            "What is a QuerySet, and when does it hit the database?",
            "django",
        ),
        (
            "Django ORM and models",
            None,
            "How do select_related and prefetch_related differ?",
            "django",
        ),
        (
            "Django ORM and models",
            None,
            "How do you add a non-nullable column to a table that already has rows?",
            "django",  # names no framework: gets the article's main framework, Django
        ),
        (
            "Django ORM and models",
            None,
            "Why would you write a custom QuerySet for a model?",
            "django",
        ),
        (
            "Django ORM and models",
            None,
            "What does F() do, and why does it matter for counters?",
            "django",
        ),
        ("Django ORM and models", None, "When should you use transaction.atomic?", "django"),
    ]
    assert_no_closing_text(article)


def test_prefixed_article_answers():
    article = read("q-prefixed.txt")
    assert answer(article, "What is a QuerySet, and when does it hit the database?") == (
        "A QuerySet is a lazy description of a query. Building it with filter, exclude or "
        "order_by runs no SQL; the query runs when you iterate, slice with a step, call len() "
        "or list(), or test it in an if."
    )
    assert answer(article, "How do select_related and prefetch_related differ?").endswith(
        "Example:\n"
        "\n"
        "```python\n"
        'books = Book.objects.select_related("author").prefetch_related("tags")\n'
        "for book in books:\n"
        "    print(book.author.name, [tag.name for tag in book.tags.all()])\n"
        "```"
    )
    assert answer(
        article, "How do you add a non-nullable column to a table that already has rows?"
    ) == (
        "In three migrations, so that no deploy ever sees a half-finished schema:\n"
        "\n"
        "1. Add the column as nullable (or with a default) and deploy.\n"
        "2. Backfill the existing rows in a data migration.\n"
        "3. Make the column non-nullable once every row has a value.\n"
        "\n"
        "On a large table, backfill in batches so the migration does not hold a lock for "
        "minutes."
    )
    assert answer(article, "When should you use transaction.atomic?") == (
        "Whenever several writes must succeed or fail together: an order and its lines, or a "
        "transfer between two accounts.\n"
        "\n"
        "Things to remember:\n"
        "\n"
        "- it works as a decorator and as a context manager\n"
        "- nested blocks become savepoints\n"
        "    - an exception inside the inner block rolls back to the savepoint only\n"
        "- side effects such as emails belong in transaction.on_commit"
    )


# --- headings.md: Markdown headings as questions and sections ---------------


def test_heading_article_questions_and_sections():
    article = read("headings.md")
    assert article.title == "Python Interview Questions: Beyond the Basics"
    assert article.introduction == (
        "Interviewers for backend roles rarely stop at syntax. This guide groups the\n"
        "questions we see by theme; each answer is what we would hope to hear, and\n"
        "some end with the follow-up that usually comes next."
    )
    assert outline(article) == [
        ("Python internals", None, "What is the GIL, and when does it matter?", "python"),
        ("Python internals", None, "How do generators save memory?", "python"),
        ("Python internals", None, "Explain the difference between `is` and `==`", "python"),
        (
            "HTTP and the web",
            None,
            "What happens between typing a URL and seeing the page?",
            "general",
        ),
        ("HTTP and the web", None, "Why is PUT idempotent and POST not?", "general"),
    ]
    assert article.sections[0].introduction == (
        "The questions in this section are about the language itself, not about any\n"
        "framework built on it."
    )
    # The table of contents repeats questions without answers: neither imported nor reported.
    assert article.skipped == []
    assert_no_closing_text(article)


def test_heading_article_answers():
    article = read("headings.md")
    assert answer(article, "What is the GIL, and when does it matter?").endswith(
        "```python\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "\n"
        "with ProcessPoolExecutor() as pool:\n"
        "    results = list(pool.map(crunch, chunks))\n"
        "```\n"
        "\n"
        "**Follow-up**\n"
        "\n"
        "*Does asyncio get around the GIL?* No: asyncio runs on one thread. It helps\n"
        "with waiting, not with computing."
    )
    assert answer(article, "How do generators save memory?") == (
        "A generator produces values one at a time, on demand, instead of building the\n"
        "whole sequence first.\n"
        "\n"
        "```python\n"
        "def read_rows(path):\n"
        "    with open(path) as handle:\n"
        "        for line in handle:\n"
        '            yield line.rstrip("\\n").split(",")\n'
        "```\n"
        "\n"
        "Compare the two approaches:\n"
        "\n"
        "| approach | memory | can restart |\n"
        "|---|---|---|\n"
        "| list of rows | grows with the file | yes |\n"
        "| generator | one row at a time | no, it is exhausted once read |"
    )
    assert answer(article, "Explain the difference between `is` and `==`").endswith(
        "1. `x == None` can be fooled by a class with a strange `__eq__`\n"
        "2. `x is None` cannot\n"
        "    - and it is what PEP 8 asks for"
    )
    assert answer(article, "Why is PUT idempotent and POST not?").endswith(
        "> Tip: an `Idempotency-Key` header lets a server make POST safe to retry."
    )


# --- pasted-web.txt: a web page copied with the mouse -----------------------


def test_pasted_page_questions_topics_and_frameworks():
    article = read("pasted-web.txt")
    assert article.title == "Top 20 Web Security & REST API Interview Questions (2024)"
    assert article.introduction == (
        "Whether you're interviewing for a Django shop or a Flask start\u2011up, security and "
        "API design questions are guaranteed. We've grouped the most common ones below \u2014 "
        "with answers you can actually say out loud."
    )
    assert outline(article) == [
        ("Security", None, "What is CSRF, and how do you prevent it?", "general"),
        ("Security", None, "How do you store user passwords safely?", "general"),
        ("Security", None, "How does Django's template engine protect you from XSS?", "django"),
        ("Security", None, "Explain SQL injection with an example", "general"),
        ("REST API", None, "What makes an API RESTful?", "general"),
        ("REST API", None, "How would you version a public API?", "general"),
        (
            "REST API",
            None,
            "Django REST framework vs Flask: how do you build a JSON endpoint in each?",
            "general",
        ),
    ]
    assert_no_closing_text(article)


def test_pasted_page_answers():
    article = read("pasted-web.txt")
    assert answer(article, "What is CSRF, and how do you prevent it?").endswith(
        "Defences, from most to least important:\n"
        "\n"
        "- Require a secret CSRF token in every state-changing form and check it on the server.\n"
        "    - Django does this with CsrfViewMiddleware and the {% csrf_token %} tag.\n"
        "    - Flask apps usually add Flask-WTF's CSRFProtect.\n"
        "- Set the session cookie to SameSite=Lax (or Strict).\n"
        "- Never change state on GET."
    )
    assert answer(article, "How do you store user passwords safely?") == (
        "Never store them in plain text or with a fast hash such as MD5 or SHA-256. Use a slow, "
        "salted algorithm designed for passwords \u2014 Argon2, bcrypt or PBKDF2 \u2014 so that a "
        "leaked database is expensive to crack.\n"
        "\n"
        "In Python:\n"
        "\n"
        "```python\n"
        "from argon2 import PasswordHasher\n"
        "hasher = PasswordHasher()\n"
        'stored = hasher.hash("correct horse battery staple")\n'
        'hasher.verify(stored, "correct horse battery staple")\n'
        "```\n"
        "\n"
        "Django and Flask both have helpers for this: Django hashes with PBKDF2 by default, and "
        "Werkzeug's generate_password_hash is the usual choice in Flask."
    )
    assert "```html+django\n{{ comment.body }}\n{{ comment.body|safe }}\n```" in answer(
        article, "How does Django's template engine protect you from XSS?"
    )
    assert answer(article, "What makes an API RESTful?").endswith(
        "| Method | Typical use | Safe | Idempotent |\n"
        "| --- | --- | --- | --- |\n"
        "| GET | read a resource | yes | yes |\n"
        "| POST | create a resource | no | no |\n"
        "| PUT | replace a resource | no | yes |\n"
        "| DELETE | remove a resource | no | yes |"
    )
    assert answer(article, "How would you version a public API?") == (
        "Pick one scheme and keep it for the life of the API:\n"
        "\n"
        "1. A prefix in the path, /v1/orders: easy to see, easy to route.\n"
        "2. A header, Accept: application/vnd.shop.v2+json: cleaner URLs, harder to try in a "
        "browser.\n"
        "3. A query parameter, ?version=2: simple, but easy to forget.\n"
        "\n"
        "Whatever you choose, announce deprecations early and keep the old version running "
        "until its traffic is gone."
    )


# --- Encodings and the shape of the bytes -----------------------------------


def _variants():
    text = (ARTICLES / "numbered.txt").read_text(encoding="utf-8")
    windows = text.replace("\n", "\r\n")
    curly = text.replace('"batteries included"', "\u201cbatteries included\u201d").replace(
        "route's", "route\u2019s"
    )
    spaced = text.replace("Flask is small", "Flask\u00a0is\u00a0small").replace(
        "1. What is", "1.\u00a0What is"
    )
    return {
        "windows line endings": windows.encode("utf-8"),
        "utf-8 with bom": codecs.BOM_UTF8 + windows.encode("utf-8"),
        "utf-16 with bom": windows.encode("utf-16"),
        "utf-16 big endian with bom": codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        "utf-16 without bom": text.encode("utf-16-le"),
        "old mac line endings": text.replace("\n", "\r").encode("utf-8"),
        "curly quotes": curly.encode("utf-8"),
        "non-breaking spaces": spaced.encode("utf-8"),
    }


@pytest.mark.parametrize("variant", list(_variants()))
def test_every_encoding_and_typography_gives_the_same_questions(variant):
    expected = read("numbered.txt")
    article = read_article(_variants()[variant])
    assert [(q.title, q.answer) for q in article.questions] == [
        (q.title, q.answer) for q in expected.questions
    ]
    assert article.introduction == expected.introduction


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b" \r\n\t\n  ", "The file is empty."),
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "The file is empty."),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "The file is a PDF document, not text."),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a .docx or .odt document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "The file is a PNG image, not text."),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "contains NUL bytes"),
        (b"1. What is it?\n\x01\x02\x03\x04\x05\x06\x07 yes", "full of control characters"),
        ("1. Qu'est-ce que c'est\u00a0?\nUne r\u00e9ponse.".encode("latin-1"), "0xa0 at position"),
        (b"Some notes.\n\nNothing here is asked, only told.\n", "No question was recognised"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, message):
    with pytest.raises(ArticleError) as error:
        read_article(data)
    assert message in str(error.value)


def test_an_article_of_unanswered_questions_is_read_for_the_preview_to_offer():
    """Not refused: the editor may import them as drafts (the preview says so)."""
    article = read_article(b"1. What is WSGI?\n2. What is ASGI?\n")

    assert article.questions == []
    assert article.skipped == ["What is WSGI?", "What is ASGI?"]
    assert [section.unanswered for section in article.sections] == [article.skipped]


def test_files_over_the_size_limit_are_refused_before_decoding():
    with pytest.raises(ArticleError, match=r"over the 1 MB \(1,048,576 bytes\) limit"):
        decode_article(b"1. Why?\nBecause.\n" + b"x" * MAX_ARTICLE_BYTES)


def test_an_article_with_too_many_questions_is_refused():
    text = "".join(f"{n}. What is thing {n}?\nA thing.\n\n" for n in range(1, MAX_QUESTIONS + 2))
    with pytest.raises(ArticleError, match=f"has {MAX_QUESTIONS + 1} questions; one import"):
        parse_article(text)
    assert len(parse_article(text.split(f"{MAX_QUESTIONS + 1}. ")[0]).questions) == MAX_QUESTIONS


def test_the_undecodable_message_names_the_encodings():
    with pytest.raises(ArticleError) as error:
        decode_article(b"Caf\xe9")
    assert str(error.value) == (
        "The file is not UTF-8 or UTF-16 text: the byte 0xe9 at position 3 cannot be decoded. "
        "Save it as UTF-8 and import it again."
    )


# --- Smaller rules ----------------------------------------------------------


def test_steps_that_continue_the_answer_are_not_questions():
    article = parse_article(
        "1. How do you roll out a migration?\n"
        "Like this:\n"
        "1. Add the column.\n"
        "2. Describe the backfill in a data migration.\n"
        "3. Are all rows filled? Then make it required.\n"
        "\n"
        "2. What is a squashed migration?\n"
        "Many migrations replaced by one.\n"
    )
    assert [q.title for q in article.questions] == [
        "How do you roll out a migration?",
        "What is a squashed migration?",
    ]
    assert article.questions[0].answer == (
        "Like this:\n"
        "\n"
        "1. Add the column.\n"
        "2. Describe the backfill in a data migration.\n"
        "3. Are all rows filled? Then make it required."
    )


def test_bare_questions_are_read_when_nothing_marks_them():
    article = parse_article(
        "Testing Python web apps\n"
        "\n"
        "What is the difference between a unit test and an integration test?\n"
        "A unit test checks one piece alone; an integration test checks pieces together.\n"
        "\n"
        "Why use fixtures in pytest?\n"
        "They build what a test needs and clean it up afterwards.\n"
        "# conftest.py\n"
        "@pytest.fixture\n"
        "def user(db):\n"
        '    return User.objects.create_user("ada")\n'
        "\n"
        "Happy testing, and good luck!\n"
    )
    assert outline(article) == [
        (
            "Testing Python web apps",
            None,
            "What is the difference between a unit test and an integration test?",
            "general",
        ),
        # The answer's code calls a Django manager (User.objects.create_user).
        ("Testing Python web apps", None, "Why use fixtures in pytest?", "django"),
    ]
    assert article.questions[1].answer == (
        "They build what a test needs and clean it up afterwards.\n"
        "\n"
        "```python\n"
        "# conftest.py\n"
        "@pytest.fixture\n"
        "def user(db):\n"
        '    return User.objects.create_user("ada")\n'
        "```"
    )


def test_hard_wrapped_prose_is_not_mistaken_for_code():
    article = parse_article(
        "## How do you deploy without downtime?\n"
        "\n"
        "Run the new version next to the old one and switch traffic when the\n"
        "health check passes, then stop the old one. The load balancer keeps\n"
        "return traffic on the old version until the new one is ready; for each\n"
        "request that is already running, shutdown waits.\n"
    )
    assert "```" not in article.questions[0].answer
    assert article.questions[0].answer.count("\n") == 3


def test_calls_to_action_between_questions_are_dropped():
    article = parse_article(
        "Q: What is a cookie?\n"
        "A small piece of data the browser stores and sends back.\n"
        "\n"
        "Enjoying this? Subscribe to our newsletter for more!\n"
        "\n"
        "Q: What is a session?\n"
        "Server-side state found again through a cookie.\n"
    )
    assert [q.answer for q in article.questions] == [
        "A small piece of data the browser stores and sends back.",
        "Server-side state found again through a cookie.",
    ]


def test_a_question_without_answer_is_reported_not_imported():
    article = parse_article("Q: What is HTTP?\nA protocol.\n\nQ: What is TCP?\n")
    assert [q.title for q in article.questions] == ["What is HTTP?"]
    assert article.skipped == ["What is TCP?"]


@pytest.mark.parametrize(
    ("title", "answer_text", "framework"),
    [
        ("What is a blueprint?", "A group of routes registered on a Flask app.", "flask"),
        ("How do you register a blueprint?", "Call app.register_blueprint(bp).", "flask"),
        ("What is a QuerySet?", "A lazy query.", "django"),
        ("How does Django's ORM compare to Flask-SQLAlchemy?", "Both map rows.", "general"),
        (
            "How do Django and Flask handle sessions?",
            "Django keeps them in the database by default; Django can use signed cookies. "
            "Django sessions expire. Flask signs a cookie.",
            "django",
        ),
        ("How do you hash passwords?", "Django uses PBKDF2; Flask apps use Werkzeug.", "general"),
        ("What is a generator?", "A function that yields values lazily; an iterator.", "python"),
        ("What does a 304 status code mean?", "The cached response is still valid.", "general"),
        ("Why is a mutable default argument a bug?", "The list is shared.", "python"),
        ("What is CORS?", "A browser rule for cross-origin HTTP requests.", "general"),
    ],
)
def test_framework_detection(title, answer_text, framework):
    assert detect_framework(title, answer_text) == framework


def test_normalised_questions_ignore_case_quotes_emphasis_and_end_punctuation():
    assert normalise_question("What\u2019s  the **GIL**?") == normalise_question("what's the GIL")
    assert normalise_question("What is WSGI?") != normalise_question("What is ASGI?")


@pytest.mark.parametrize(
    ("heading", "topic", "difficulty"),
    [
        ("Top 30 Flask Interview Questions and Answers (2024)", "Flask", None),
        ("Advanced Django Questions", "Django", "advanced"),
        ("Django ORM questions for beginners", "Django ORM", "beginner"),
        ("Part 2: Security", "Security", None),
        ("Contexts and state (advanced)", "Contexts and state", "advanced"),
        ("Python Interview Questions: Beyond the Basics", "Python", None),
        ("Senior questions", None, "advanced"),
        ("Questions for beginners and experts", None, None),
    ],
)
def test_topic_names_and_levels_from_headings(heading, topic, difficulty):
    assert topic_name_from(heading) == topic
    assert difficulty_from(heading) == difficulty
