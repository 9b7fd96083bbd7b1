"""Article shapes met in the wild, one file each in formats/: exact questions, topics, answers.

Each article is written for its shape: a README of <details> blocks, emphasised
and broken headings, labelled answers, statements in a numbered run, sections
with unanswered and stub questions, page litter, unfenced code, an article with
only a title or with nothing at all around its questions, and a Windows-1252
file. The four older articles next to this module must import as they did.
"""

import json
from pathlib import Path

import pytest

from questions.articles.importer import parse_article, read_article

ARTICLES = Path(__file__).parent
FORMATS = ARTICLES / "formats"


def read(name: str):
    return read_article((FORMATS / name).read_bytes())


def outline(article):
    return [
        (section.topic, question.title)
        for section in article.sections
        for question in section.questions
    ]


def answer(article, title: str) -> str:
    matches = [q.answer for q in article.questions if q.title == title]
    assert len(matches) == 1, (title, [q.title for q in article.questions])
    return matches[0]


def everything(article) -> list[str]:
    """Every text the reader keeps: the title, introductions, headings, topics, questions."""
    texts = [article.title, article.introduction]
    for section in article.sections:
        texts += [section.heading or "", section.topic or "", section.introduction]
        texts += section.unanswered
        texts += [text for q in section.questions for text in (q.title, q.answer)]
    return texts


def assert_absent(texts, *fragments):
    for text in texts:
        for fragment in fragments:
            assert fragment.lower() not in text.lower(), (fragment, text)


def assert_answers_stay_apart(article):
    """No answer carries another question's title: nothing ran on into the next question."""
    for question in article.questions:
        for other in article.questions:
            if other is not question:
                assert other.title not in question.answer, (other.title, question.title)


def assert_spans(article, spans: dict[str, tuple[str, str]]):
    """Each answer starts and ends where its text does in the source: nothing leaked in."""
    for title, (start, end) in spans.items():
        text = answer(article, title)
        assert text.startswith(start), (title, text)
        assert text.endswith(end), (title, text)


def opening_fences(text: str) -> list[str]:
    """The language of each fenced block, in order."""
    fences, inside = [], False
    for line in text.split("\n"):
        if line.startswith("```"):
            if not inside:
                fences.append(line[3:])
            inside = not inside
    return fences


# --- details.md: a GitHub README of <details><summary> blocks ---------------

README_LITTER = [
    "<details",
    "</details",
    "<summary",
    "</summary",
    "<b>",
    "<div",
    "</div",
    "<br",
    "<img",
    "shields.io",
    "Back to top",
    "\u2b06",
    "(#top)",
]


def test_details_readme():
    article = read("details.md")
    assert article.title == "Django and Flask Interview Questions"
    assert article.introduction == (
        "Short answers to the questions we were asked most often in backend\n"
        "interviews, grouped by subject and kept short enough to revise on a train."
    )
    assert outline(article) == [
        ("Django ORM", "What is a QuerySet?"),
        ("Django ORM", "When is a QuerySet evaluated?"),
        ("Django ORM", "How do select_related and prefetch_related differ?"),
        ("Django ORM", "What is the N+1 query problem?"),
        ("Django ORM", "What does an `F()` expression do?"),
        ("Django ORM", "How do you run raw SQL safely?"),
        ("Flask", "What is a blueprint?"),
        (
            "Flask",
            "What is the difference between the application context and the request context?",
        ),
        ("Flask", "Where does Flask keep the session?"),
        ("Flask", "What is `flask.g` for?"),
        ("Flask", "How do you test a Flask view?"),
        ("Flask", "How do you handle errors globally in Flask?"),
    ]
    assert [section.heading for section in article.sections] == ["Django ORM", "Flask"]
    assert article.skipped == []
    assert article.highest_number == 12

    # A heading and a numbered list of questions inside an answer stay in it.
    assert answer(article, "When is a QuerySet evaluated?") == (
        "The query runs the first time the rows are actually needed:\n"
        "\n"
        "- iterating over it in a `for` loop\n"
        "- calling `len()`, `list()` or `bool()` on it\n"
        "- slicing it with a step, as in `qs[::2]`\n"
        "\n"
        "**Follow-up questions**\n"
        "\n"
        "1. Why does printing a QuerySet in the shell run a query?\n"
        "2. What does the result cache keep between two loops?\n"
        "3. Explain what `iterator()` changes."
    )
    assert answer(article, "How do select_related and prefetch_related differ?") == (
        "Both remove the N+1 problem, in different ways:\n"
        "\n"
        "- `select_related` follows foreign keys with a SQL join, in the same query\n"
        "- `prefetch_related` runs one extra query per relation and joins the rows in "
        "Python, so it also works for many-to-many relations\n"
        "\n"
        "```python\n"
        'books = Book.objects.select_related("publisher").prefetch_related("authors")\n'
        "for book in books:\n"
        "    print(book.publisher.name, [a.name for a in book.authors.all()])\n"
        "```"
    )
    assert answer(article, "How do you run raw SQL safely?") == (
        "Pass the parameters separately and let the database driver quote them:\n"
        "\n"
        "```python\n"
        'Person.objects.raw("SELECT * FROM people WHERE last_name = %s", [name])\n'
        "```\n"
        "\n"
        "**Never do this**\n"
        "\n"
        "Formatting the value into the string yourself, with an f-string or `%`,\n"
        "opens the door to SQL injection."
    )
    assert answer(article, "What is `flask.g` for?") == (
        "`g` is a namespace that lives for one application context, which usually\n"
        "means one request. It is the place for things such as the database connection:\n"
        "\n"
        "1. open the connection lazily, the first time a view needs it\n"
        "2. keep it on `g` for the rest of the request\n"
        "3. close it in a `teardown_appcontext` function"
    )
    assert answer(article, "How do you handle errors globally in Flask?") == (
        "Register a handler with `@app.errorhandler` for a status code or for an\n"
        "exception class:\n"
        "\n"
        "```python\n"
        "@app.errorhandler(404)\n"
        "def not_found(error):\n"
        '    return {"error": "not found"}, 404\n'
        "```\n"
        "\n"
        "Interviewers often carry on with:\n"
        "\n"
        "1. Explain the difference between `abort(404)` and returning a 404 yourself.\n"
        "2. How would you log every unhandled exception?"
    )
    assert_spans(
        article,
        {
            "What is a QuerySet?": ("A QuerySet is a lazy, chainable", "runs no SQL\nat all."),
            "What is the N+1 query problem?": (
                "Loading a list of rows with one query",
                "\n\n**How to spot it**\n\nWatch the query count in django-debug-toolbar, or "
                "pin it down in a test with\n`assertNumQueries`.",
            ),
            "What does an `F()` expression do?": (
                "It refers to a column's value inside the database",
                "happens in one SQL statement.",
            ),
            "What is a blueprint?": (
                "A blueprint groups routes, templates and static files",
                'url_prefix="/admin")\n```',
            ),
            "What is the difference between the application context and the request context?": (
                "- the **application context** makes `current_app` and `g` available\n"
                "- the **request context** makes `request` and `session` available\n\n",
                "which is why `request` is not there.",
            ),
            "Where does Flask keep the session?": (
                "In a cookie, by default.",
                "such as Flask-Session.",
            ),
            "How do you test a Flask view?": (
                "Use the test client the application provides",
                "throwaway configuration.",
            ),
        },
    )
    assert '```python\nQuestion.objects.filter(pk=pk).update(views=F("views") + 1)\n```' in (
        answer(article, "What does an `F()` expression do?")
    )
    assert_absent(everything(article), *README_LITTER)
    assert_answers_stay_apart(article)
    assert sum("Back to top" in item.text for item in article.left_out) == 12
    assert all(item.reason == "litter" for item in article.left_out if "Back" in item.text)


# --- emphasised-headings.md: emphasis, inline code and a broken heading -----


def test_emphasised_and_broken_headings():
    article = read("emphasised-headings.md")
    assert article.title == "Django Interview Questions (Part 5)"
    assert outline(article) == [
        ("Django", "What is WSGI, and where does Django sit in it?"),
        ("Django", "Why is Django called a batteries-included framework?"),
        ("Architecture", "Explain the MVT pattern."),
        ("Architecture", "What is the difference between a project and an app?"),
        ("Architecture", "How does a request travel through Django?"),
        ("Models and the ORM", "What does `select_related` do?"),
        ("Models and the ORM", "What is the difference between `null=True` and `blank=True`?"),
        ("Templates", "What is a context processor?"),
        ("Templates", "What are template tags and filters?"),
        ("Templates", "Why should you avoid queries in templates?"),
    ]
    assert [section.heading for section in article.sections] == [
        None,
        "Architecture",
        "Models and the ORM",
        "Templates",
    ]
    assert article.skipped == []
    assert article.highest_number == 50

    assert answer(article, "Explain the MVT pattern.") == (
        "MVT is Django's name for model, view, template:\n"
        "\n"
        "- the **model** describes the data and talks to the database\n"
        "- the **view** takes a request, asks the models and picks a response\n"
        "- the **template** turns the data the view hands over into HTML\n"
        "\n"
        "Django itself plays the part a controller plays in MVC: the URLconf routes\n"
        "each request to a view."
    )
    assert answer(article, "How does a request travel through Django?") == (
        "1. The WSGI or ASGI handler builds an `HttpRequest`.\n"
        "2. Middleware runs in order, from the top of `MIDDLEWARE` down.\n"
        "3. The URL resolver finds the view and calls it.\n"
        "4. The response goes back up through the middleware in reverse order."
    )
    assert answer(article, "What does `select_related` do?") == (
        "It follows foreign keys in the same query with a SQL join, so that reading\n"
        "`book.author` later costs nothing:\n"
        "\n"
        "```python\n"
        'books = Book.objects.select_related("author")\n'
        "for book in books:\n"
        "    print(book.title, book.author.name)\n"
        "```"
    )
    # The bare `###` of the broken heading belongs to neither neighbour.
    assert answer(article, "What is the difference between `null=True` and `blank=True`?") == (
        "`null=True` is about the database: the column accepts NULL. `blank=True` is\n"
        "about validation: forms and `full_clean()` accept an empty value. A text field\n"
        'usually wants `blank=True` alone, so that "empty" has a single spelling.'
    )
    assert answer(article, "What is a context processor?") == (
        "A function that takes the request and returns a dict merged into the context\n"
        "of every template rendered with that request. Register it in the\n"
        "`context_processors` option of the `TEMPLATES` setting."
    )
    assert_spans(
        article,
        {
            "What is WSGI, and where does Django sit in it?": (
                "WSGI is the interface",
                "that servers such as Gunicorn import.",
            ),
            "Why is Django called a batteries-included framework?": (
                "Because the things most sites need ship with it",
                "before the first commit.",
            ),
            "What is the difference between a project and an app?": (
                "A project is the whole site",
                "with its own models, views and migrations.",
            ),
            "What are template tags and filters?": (
                "Tags are logic, such as `{% if %}`",
                "`templatetags` module.",
            ),
            "Why should you avoid queries in templates?": (
                "Every attribute lookup on a related object",
                "and keep the template dumb.",
            ),
        },
    )
    assert_absent(everything(article), "###", "48.", "**49.**", "50.")
    assert_answers_stay_apart(article)


# --- answer-labels.txt: "**Answer**:", "**A:**", "Answer:", "A:" ------------


def test_answer_labels_never_reach_the_answer():
    article = read("answer-labels.txt")
    assert article.title == "Python & Flask Interview Prep: Questions With Answers"
    assert [(q.title, q.answer) for q in article.questions] == [
        (
            "What is a virtual environment, and why use one?",
            "A virtual environment is a directory with its own interpreter and its own "
            "site-packages, so each project keeps the library versions it was tested with.\n"
            "\n"
            "Create one with the venv module that ships with Python, then activate it before "
            "installing anything.",
        ),
        (
            "What is the difference between a list and a tuple?",
            "A list is mutable: you can append, remove and reorder its items. A tuple is "
            "immutable, so it can be a dictionary key, and it tells the reader that its length "
            "is fixed.",
        ),
        (
            "What does the with statement do?",
            "It runs a block inside a context manager: __enter__ runs first, and __exit__ runs "
            "afterwards even when the block raises, which is why files and locks are opened "
            "with it.",
        ),
        (
            "What is a decorator?",
            "A function that takes a function and returns a replacement for it, usually a "
            "wrapper that adds behaviour before or after the call.\n"
            "\n"
            "The @ syntax is shorthand: writing @cache above def f is the same as writing "
            "f = cache(f) after it.",
        ),
        (
            "Why is a set faster than a list for membership tests?",
            "A set is a hash table, so checking whether a value is in it takes about the same "
            "time however large it grows. A list is scanned item by item.",
        ),
        (
            "How do you read a query string parameter in Flask?",
            'Use request.args, a dict-like object. request.args.get("page", 1, type=int) '
            "returns the page number as an integer, or 1 when it is missing.",
        ),
        (
            "How do you redirect to another view?",
            'Return redirect(url_for("profile")) from the view.\n'
            "\n"
            "Building the URL with url_for keeps the link working when the route's path "
            "changes.",
        ),
        (
            "What is flash() for?",
            'It stores a one-time message in the session, such as "Profile saved", for the '
            "next page to show. The message is removed as soon as a template reads it with "
            "get_flashed_messages().",
        ),
        (
            "How do you return a 404 from a Flask view?",
            "Call abort(404), or return a response with the status as the second item of a tuple.",
        ),
    ]
    assert [(s.topic, len(s.questions)) for s in article.sections] == [("Python", 5), ("Flask", 4)]
    answers = [q.answer for q in article.questions]
    assert_absent(answers, "Answer", "**A", "A:", "Q:", "\\")
    assert article.skipped == []


@pytest.mark.parametrize(
    "label",
    [
        "**Answer**:  \n",
        "**Answer**:\\\n",
        "**Answer:**\n\n",
        "**A:** ",
        "Answer:\n",
        "Answer:\n\n",
        "A: ",
        "Answer - ",
    ],
)
def test_each_answer_label_is_dropped(label):
    article = parse_article(
        f"Q: What is WSGI?\n{label}A calling convention between web servers and Python apps.\n"
    )
    assert [(q.title, q.answer) for q in article.questions] == [
        ("What is WSGI?", "A calling convention between web servers and Python apps.")
    ]


# --- statements.md: "Explain ...", "Types of ...", "4a." in a numbered run --


def test_statements_and_sub_numbers_in_a_numbered_run():
    article = read("statements.md")
    assert article.title == "Django Interview Questions: The Short List"
    assert outline(article) == [
        ("Django", "What is Django?"),
        ("Django", "Explain the request/response cycle in Django."),
        ("Django", "Difference between a function-based view and a class-based view"),
        ("Django", "Types of model inheritance in Django"),
        ("Django", "When would you choose an abstract base class?"),
        ("Django", "Describe what a proxy model can and cannot change."),
        ("Django", "List the steps to write a custom management command."),
        ("Django", "What is the difference between `get()` and `filter()`?"),
        ("Django", "Describe how Django's migrations work."),
        ("Django", "Types of caching in Django"),
        ("Django", "Explain middleware with an example."),
        ("Django", "Difference between `ForeignKey` and `OneToOneField`"),
        ("Django", "What are signals, and when should you avoid them?"),
        ("Django", "List the generic class-based views you use most."),
        ("Django", "How do you prepare a Django project for production?"),
        ("Django", "Describe what `collectstatic` does."),
    ]
    assert article.skipped == []
    assert article.highest_number == 14

    # Indented steps under a question, numbered from 1 again.
    assert answer(article, "Explain the request/response cycle in Django.") == (
        "A request passes through a fixed series of steps before a response goes back:\n"
        "\n"
        "1. The WSGI or ASGI handler turns the incoming request into an `HttpRequest`.\n"
        "2. Each middleware in `MIDDLEWARE` sees the request, from top to bottom.\n"
        "3. The URL resolver matches the path and calls the view.\n"
        "4. The response travels back through the middleware, from bottom to top."
    )
    assert answer(article, "Difference between a function-based view and a class-based view") == (
        "- a function-based view is a plain function from request to response: easy to read, "
        "nothing hidden\n"
        "- a class-based view splits the work into methods (`get`, `post`, "
        "`get_context_data`) that subclasses and mixins can override"
    )
    # Steps at the question's own margin, restarting at 1, end where "4a." begins.
    assert answer(article, "Types of model inheritance in Django") == (
        "Django supports three kinds:\n"
        "\n"
        "1. Abstract base classes: shared fields, no table of their own.\n"
        "2. Multi-table inheritance: each model gets a table, joined one-to-one.\n"
        "3. Proxy models: the same table, different Python behaviour."
    )
    assert answer(article, "When would you choose an abstract base class?") == (
        "When several models share fields such as `created_at` and `updated_at` but\n"
        "you never query them together. Each child model gets its own copy of the\n"
        "columns."
    )
    # "3. List the options ..." continues the steps, not the questions.
    assert answer(article, "List the steps to write a custom management command.") == (
        "1. Create a `management/commands/` package inside one of your apps.\n"
        "2. Add a module named after the command, with a `Command` class that subclasses "
        "`BaseCommand`.\n"
        "3. List the options in `add_arguments()` and do the work in `handle()`.\n"
        "\n"
        "```python\n"
        "class Command(BaseCommand):\n"
        '    help = "Close questions nobody answered in a year"\n'
        "\n"
        "    def handle(self, *args, **options):\n"
        "        closed = Question.objects.stale().update(closed=True)\n"
        '        self.stdout.write(f"Closed {closed} questions")\n'
        "```"
    )
    assert answer(article, "Describe how Django's migrations work.") == (
        "Migrations are Python files that describe schema changes as a list of\n"
        "operations, applied in two commands:\n"
        "\n"
        "1. `makemigrations` compares the models with the last migration state and writes a "
        "new file.\n"
        "2. `migrate` applies the files that the `django_migrations` table has not recorded "
        "yet."
    )
    assert answer(article, "How do you prepare a Django project for production?") == (
        "1. Set `DEBUG = False` and fill in `ALLOWED_HOSTS`.\n"
        "2. Read `SECRET_KEY` and the database password from the environment.\n"
        "3. Run `manage.py check --deploy` and fix what it reports.\n"
        "4. Gather static files with `collectstatic` and serve them with the web server or "
        "WhiteNoise."
    )
    assert_spans(
        article,
        {
            "What is Django?": ("Django is a Python web framework", "picking every piece first."),
            "Describe what a proxy model can and cannot change.": (
                "It can change the default ordering",
                "no table of its own.",
            ),
            "What is the difference between `get()` and `filter()`?": (
                "`get()` returns exactly one object",
                "never raises for a missing row.",
            ),
            "Types of caching in Django": (
                "- per-site caching with the cache middleware\n",
                "- the low-level API, `cache.get()` and `cache.set()`",
            ),
            "Explain middleware with an example.": (
                "Middleware is a callable that wraps every request and response.",
                "        return response\n\n    return middleware\n```",
            ),
            "Difference between `ForeignKey` and `OneToOneField`": (
                "A `ForeignKey` lets many rows point at the same row",
                "pointed at once at most.",
            ),
            "What are signals, and when should you avoid them?": (
                "Signals let one app react",
                "easier to find and to\ntest.",
            ),
            "List the generic class-based views you use most.": (
                "- `ListView` and `DetailView` for reading\n",
                "- `TemplateView` and `RedirectView` for everything else",
            ),
            "Describe what `collectstatic` does.": (
                "It copies the static files of every app",
                "can serve them all.",
            ),
        },
    )
    assert_absent([q.title for q in article.questions], "4a", "4b")
    assert_absent([q.answer for q in article.questions], "4a.", "4b.")
    assert_answers_stay_apart(article)


# --- sections.md: what is a topic and what is not -------------------------


def test_sections_unanswered_questions_and_stubs():
    article = read("sections.md")
    assert outline(article) == [
        ("Python language", "What is a generator?"),
        ("Python language", "Why is a mutable default argument a bug?"),
        ("Python language", "What do `*args` and `**kwargs` collect?"),
        ("Django", "How does Django middleware work?"),
        ("Django", "How do you switch to a custom user model?"),
        ("Flask", "How do Flask extensions avoid holding a global app?"),
        ("Testing", "Why use factories instead of fixture files?"),
    ]
    assert [(s.heading, s.topic, s.unanswered) for s in article.sections] == [
        (
            "Python language",
            "Python language",
            ["What is the difference between `copy.copy` and `copy.deepcopy`?"],
        ),
        ("Django", "Django", ["What is a data migration?"]),
        ("Flask", "Flask", ["What does `app.config.from_prefixed_env()` do?"]),
        ("Testing", "Testing", ["Explain how `mock.patch` decides what to replace"]),
    ]
    assert article.skipped == [
        "What is the difference between `copy.copy` and `copy.deepcopy`?",
        "What is a data migration?",
        "What does `app.config.from_prefixed_env()` do?",
        "Explain how `mock.patch` decides what to replace",
    ]
    assert [s.introduction for s in article.sections] == [
        "",
        "",
        "",
        "These come up in almost every interview loop we run.",
    ]

    # A label line inside an answer stays in it.
    assert answer(article, "Why is a mutable default argument a bug?") == (
        "The default is evaluated once, when the function is defined, so every call\n"
        "that relies on it shares the same list.\n"
        "\n"
        "Key points:\n"
        "\n"
        "- use `None` as the default and create the list inside the function\n"
        "- linters such as Ruff flag the pattern as B006"
    )
    # So does a heading below the question's level.
    assert answer(article, "How does Django middleware work?") == (
        "Each middleware wraps the next one like the layers of an onion: the request\n"
        "goes in through every layer and the response comes out through them in\n"
        "reverse order.\n"
        "\n"
        "**Writing your own**\n"
        "\n"
        "A middleware is a callable that takes `get_response` and returns a function\n"
        "of the request:\n"
        "\n"
        "```python\n"
        "def simple_middleware(get_response):\n"
        "    def middleware(request):\n"
        "        return get_response(request)\n"
        "\n"
        "    return middleware\n"
        "```"
    )
    assert_spans(
        article,
        {
            "What is a generator?": ("A function that contains `yield`.", "`next()` call."),
            "What do `*args` and `**kwargs` collect?": (
                "`*args` collects the extra positional arguments",
                "into a dict.",
            ),
            "How do you switch to a custom user model?": (
                "Set `AUTH_USER_MODEL` to your model",
                "every table that points at users.",
            ),
            "How do Flask extensions avoid holding a global app?": (
                "They follow the `init_app` pattern",
                "while a request is handled.",
            ),
            "Why use factories instead of fixture files?": (
                "Factories build exactly the objects",
                "Fixture files quietly go stale.",
            ),
        },
    )
    assert_absent(everything(article), "TODO", "Coming soon")
    assert_answers_stay_apart(article)


@pytest.mark.parametrize("stub", ["TODO", "Coming soon"])
def test_a_stub_answer_leaves_its_question_unanswered(stub):
    article = parse_article(
        "# Performance notes\n\n"
        "## Caching\n\n"
        "### What is a cache stampede?\n\n"
        f"{stub}\n\n"
        "### What does Cache-Control: no-store mean?\n\n"
        "Nothing may keep a copy of the response, not even the browser.\n"
    )
    assert [(s.topic, s.unanswered) for s in article.sections] == [
        ("Caching", ["What is a cache stampede?"])
    ]
    assert outline(article) == [("Caching", "What does Cache-Control: no-store mean?")]
    assert article.skipped == ["What is a cache stampede?"]


# --- litter.md: promotion, assistant chatter, sign-offs, navigation ---------

LITTER = {
    "Home | Blog | Contact": "litter",
    "English | Espa\u00f1ol | \u4e2d\u6587": "litter",
    "Sure! Here are eight Django interview questions": "chatter",
    "Back to top": "litter",
    "Explore all 70 answers here": "promotion",
    "Join our class": "promotion",
    "Continue similar format for the next": "chatter",
    "These answers are now structured for quick review": "chatter",
    "Let me know if you need more questions": "chatter",
    "Good luck with your interview": "closing",
    "Next: Flask questions": "litter",
}


def test_litter_is_left_out_and_reported():
    article = read("litter.md")
    assert article.title == "Django Interview Questions and Answers"
    assert article.introduction == ""
    assert outline(article) == [
        ("Django", "What is the Django admin?"),
        ("Django", "How do you create a superuser?"),
        ("Django", "What is `ModelAdmin.list_display`?"),
        ("Django", "How do you restrict a view to logged-in users?"),
        ("Django", "What is a context processor?"),
        ("Django", "How do you send email in Django?"),
        ("Django", "What is `get_object_or_404`?"),
        ("Django", "What does `manage.py check --deploy` do?"),
    ]
    assert [section.heading for section in article.sections] == [None]
    assert article.highest_number == 8

    assert answer(article, "What is the Django admin?") == (
        "An automatically generated interface for managing the rows of registered\n"
        "models. It is meant for staff and trusted editors, not for the public."
    )
    assert answer(article, "How do you create a superuser?") == (
        "Run the management command and answer its prompts:\n"
        "\n"
        "```bash\n"
        "python manage.py createsuperuser\n"
        "```"
    )
    assert answer(article, "What is `ModelAdmin.list_display`?") == (
        "A tuple of field names, or of callables, shown as the columns of the admin's\n"
        "change list page."
    )
    assert answer(article, "How do you restrict a view to logged-in users?") == (
        "Decorate a function view with `login_required`, or add `LoginRequiredMixin`\n"
        "to a class-based view. Anonymous users are redirected to `LOGIN_URL`."
    )
    assert answer(article, "What is a context processor?") == (
        "A function that adds variables to the context of every template rendered with\n"
        "a request, such as the name of the current site."
    )
    assert answer(article, "What does `manage.py check --deploy` do?") == (
        "It runs the system checks that matter in production: `DEBUG`, secure cookies,\n"
        "HSTS, `ALLOWED_HOSTS` and friends, and prints a warning for each problem."
    )
    assert_spans(
        article,
        {
            "How do you send email in Django?": (
                "Configure an `EMAIL_BACKEND`",
                "in `django.core.mail.outbox` instead.",
            ),
            "What is `get_object_or_404`?": (
                "A shortcut that fetches one object",
                "instead of a server error.",
            ),
        },
    )
    # The one code block is the one in the source; no litter was fenced as code.
    assert [opening_fences(q.answer) for q in article.questions] == [
        [],
        ["bash"],
        [],
        [],
        [],
        [],
        [],
        [],
    ]
    assert_absent(everything(article), *LITTER, "\u2b06", "\U0001f449", "\u2192", "example.com")
    assert_answers_stay_apart(article)

    for fragment, reason in LITTER.items():
        assert any(fragment in item.text and item.reason == reason for item in article.left_out), (
            fragment,
            reason,
            article.left_out,
        )
    # And nothing else was left out: every block reported is one of the litter above.
    for item in article.left_out:
        assert any(fragment in item.text for fragment in LITTER), item


# --- bare-code.txt: unfenced code of six languages ------------------------


def test_bare_code_is_fenced_with_its_language():
    article = read("bare-code.txt")
    assert article.title == "Python Web Interview Questions With Code"
    assert [q.title for q in article.questions] == [
        "How would you split an iterable into batches with a generator?",
        "How do you send Django's CSRF token with fetch()?",
        "How do you install Flask and check which version you got?",
        "What query does filtering across a foreign key run?",
        'What does enctype="multipart/form-data" do on a form?',
        "How do you loop over questions in a Django template and handle an empty list?",
    ]
    assert {topic for topic, _ in outline(article)} == {"Python Web"}
    assert [opening_fences(q.answer) for q in article.questions] == [
        ["python"],
        ["javascript"],
        ["console"],
        ["sql"],
        ["html"],
        ["html+django"],
    ]
    # A blank line inside a function does not split it.
    assert answer(article, "How would you split an iterable into batches with a generator?") == (
        "Keep a list, yield it when it is full, and yield whatever is left at the end:\n"
        "\n"
        "```python\n"
        "def chunked(items, size):\n"
        "    batch = []\n"
        "    for item in items:\n"
        "        batch.append(item)\n"
        "        if len(batch) == size:\n"
        "            yield batch\n"
        "            batch = []\n"
        "\n"
        "    if batch:\n"
        "        yield batch\n"
        "```\n"
        "\n"
        "Calling list(chunked(range(5), 2)) gives three batches, the last one with a single "
        "item."
    )
    assert answer(article, "How do you send Django's CSRF token with fetch()?") == (
        "Read the token from the form and send it in the X-CSRFToken header:\n"
        "\n"
        "```javascript\n"
        'const token = document.querySelector("[name=csrfmiddlewaretoken]").value;\n'
        'fetch("/questions/42/vote/", {\n'
        '  method: "POST",\n'
        '  headers: { "X-CSRFToken": token },\n'
        "}).then((response) => response.json());\n"
        "```\n"
        "\n"
        "Without the header, CsrfViewMiddleware answers with 403 Forbidden."
    )
    assert answer(article, "How do you install Flask and check which version you got?") == (
        "In a fresh virtual environment:\n"
        "\n"
        "```console\n"
        "$ python -m venv .venv\n"
        "$ source .venv/bin/activate\n"
        "$ pip install flask\n"
        "$ flask --version\n"
        "Python 3.12.3\n"
        "Flask 3.0.3\n"
        "Werkzeug 3.0.3\n"
        "```\n"
        "\n"
        "The version of Werkzeug matters too, because Flask pins a range of it."
    )
    assert answer(article, "What query does filtering across a foreign key run?") == (
        'A join. Book.objects.filter(author__name="Ada") runs roughly this:\n'
        "\n"
        "```sql\n"
        "SELECT book.id, book.title\n"
        "FROM book\n"
        "INNER JOIN author ON book.author_id = author.id\n"
        "WHERE author.name = 'Ada';\n"
        "```\n"
        "\n"
        "Print queryset.query in the shell to see the exact statement for your database."
    )
    assert answer(article, 'What does enctype="multipart/form-data" do on a form?') == (
        "It makes the browser send the contents of the chosen files, not just their names:\n"
        "\n"
        "```html\n"
        '<form method="post" enctype="multipart/form-data">\n'
        '  <input type="file" name="avatar">\n'
        '  <button type="submit">Upload</button>\n'
        "</form>\n"
        "```\n"
        "\n"
        "Without it, request.FILES in Django and request.files in Flask stay empty."
    )
    assert answer(
        article, "How do you loop over questions in a Django template and handle an empty list?"
    ) == (
        "Use the empty clause of the for tag:\n"
        "\n"
        "```html+django\n"
        "{% for q in questions %}\n"
        "  <h2>{{ q.title }}</h2>\n"
        "{% empty %}\n"
        "  <p>No questions yet.</p>\n"
        "{% endfor %}\n"
        "```\n"
        "\n"
        "The empty branch saves a separate if around the loop."
    )


# --- title-only.md and no-title.txt: where the topic comes from -------------


def test_an_article_with_only_a_title_names_every_topic():
    article = read("title-only.md")
    assert article.title == "Flask Interview Questions & Answers"
    assert article.introduction == ""
    assert outline(article) == [
        ("Flask", "What is Werkzeug, and how does Flask use it?"),
        ("Flask", "How do you define a route with a variable part?"),
        ("Flask", "What is `current_app`?"),
        ("Flask", "How do you serve a file for download?"),
    ]
    assert [(s.heading, s.topic) for s in article.sections] == [(None, "Flask")]
    assert answer(article, "How do you define a route with a variable part?") == (
        "Put a converter in angle brackets, and Flask passes the value to the view as\n"
        "a keyword argument:\n"
        "\n"
        "```python\n"
        '@app.route("/questions/<int:question_id>")\n'
        "def question(question_id):\n"
        '    return render_template("question.html", question_id=question_id)\n'
        "```"
    )
    assert_spans(
        article,
        {
            "What is Werkzeug, and how does Flask use it?": (
                "Werkzeug is the WSGI toolkit underneath Flask",
                "the development server.",
            ),
            "What is `current_app`?": ("A proxy to the application", "the app object directly."),
            "How do you serve a file for download?": (
                "Call `send_file()` with `as_attachment=True`",
                "cannot escape the folder.",
            ),
        },
    )


def test_an_article_without_title_or_sections_leaves_the_topic_open():
    article = read("no-title.txt")
    assert article.title == ""
    assert article.introduction == ""
    assert outline(article) == [
        (None, "What is the difference between a process and a thread?"),
        (None, "Why do Python web servers run several worker processes?"),
        (None, "What is a race condition?"),
        (None, "How do you make a background task safe to retry?"),
    ]
    assert [(s.heading, s.topic, s.difficulty) for s in article.sections] == [(None, None, None)]
    assert answer(article, "What is a race condition?") == (
        "Two pieces of code read and write the same data at the same time, and the result "
        "depends on which one runs first. A counter incremented by two requests without a "
        "lock or an atomic update is the classic case."
    )
    assert_answers_stay_apart(article)


# --- cp1252.txt: a Windows-1252 file ----------------------------------------


def test_a_windows_1252_article_reads():
    data = (FORMATS / "cp1252.txt").read_bytes()
    # The file really is Windows-1252: curly quotes, an en dash and é as single bytes.
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert b"\x93app registry\x94" in data and b"\x96" in data and b"Orl\xe9ans" in data

    article = read_article(data)
    assert article.title == "Django Interview Questions \u2013 Quick Revision"
    assert article.introduction == (
        "Short answers for the week before an interview \u2013 read them aloud."
    )
    assert [(q.title, q.answer) for q in article.questions] == [
        (
            'What is the "app registry"?',
            "It's where Django keeps the configuration of every installed app, models included. "
            "It is ready once django.setup() has run; importing models before that raises "
            '"Apps aren\'t loaded yet".',
        ),
        (
            "Why does Django store datetimes in UTC when USE_TZ is on?",
            "So that a user in Orl\u00e9ans and a user in Montr\u00e9al mean the same instant by "
            "the same value. Times are converted to the user's zone only when they are "
            "displayed.",
        ),
        (
            "How do you return a r\u00e9sum\u00e9 as a download?",
            "Use FileResponse with as_attachment=True and a filename such as "
            "'r\u00e9sum\u00e9.pdf'; Django sets the Content-Disposition header for you.",
        ),
    ]
    assert {topic for topic, _ in outline(article)} == {"Django"}
    # The same text saved as UTF-8 reads the same.
    again = read_article(data.decode("cp1252").encode("utf-8"))
    assert [(q.title, q.answer) for q in again.questions] == [
        (q.title, q.answer) for q in article.questions
    ]


# --- Focused rules ----------------------------------------------------------


def test_inline_code_in_a_heading_keeps_its_marks_and_emphasis_goes():
    article = parse_article(
        "### 7. What does `select_related` do?\n\nIt joins.\n\n"
        "### 8. What do `*args` and `**kwargs` collect?\n\nThe extras.\n\n"
        "### 9. **What is `__init__` for?**\n\nSetting up a new object.\n\n"
        "### 10. What is _duck typing_?\n\nIf it quacks.\n"
    )
    assert [q.title for q in article.questions] == [
        "What does `select_related` do?",
        "What do `*args` and `**kwargs` collect?",
        "What is `__init__` for?",
        "What is duck typing?",
    ]


def test_a_heading_broken_over_two_lines_is_one_question():
    article = parse_article(
        "### 47. What is a signal?\n\nA hook.\n\n"
        "###\n 48. **What is a context processor?**\n\nA function that adds to every context.\n"
    )
    assert [(q.title, q.answer) for q in article.questions] == [
        ("What is a signal?", "A hook."),
        ("What is a context processor?", "A function that adds to every context."),
    ]
    assert article.highest_number == 48


# --- The four older articles still import as they did ---------------------

EXISTING = json.loads((FORMATS / "existing-articles.json").read_text(encoding="utf-8"))


def snapshot(article) -> dict:
    """What an import keeps of an article, in the shape of existing-articles.json."""
    return {
        "title": article.title,
        "introduction": article.introduction,
        "sections": [
            {
                "heading": s.heading,
                "topic": s.topic,
                "difficulty": s.difficulty,
                "introduction": s.introduction,
                "questions": [{"title": q.title, "answer": q.answer} for q in s.questions],
                "unanswered": s.unanswered,
            }
            for s in article.sections
        ],
        "skipped": article.skipped,
        "highest_number": article.highest_number,
    }


def test_the_snapshot_covers_every_older_article():
    assert sorted(EXISTING) == sorted(
        path.name for path in ARTICLES.iterdir() if path.suffix in (".md", ".txt")
    )


@pytest.mark.parametrize("name", sorted(EXISTING))
def test_older_articles_import_exactly_as_before(name):
    article = read_article((ARTICLES / name).read_bytes())
    assert snapshot(article) == EXISTING[name]
