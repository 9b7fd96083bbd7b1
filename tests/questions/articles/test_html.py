"""The HTML pass: web pages to Markdown, `<details>` to marked-out questions, furniture out.

The material is written for these tests: a web page of six questions with all
the furniture a page has, a README of `<details>` blocks and a README header of
badges and layout markup.
"""

import time
from pathlib import Path

import pytest

from questions.articles import html_markdown
from questions.articles.html import BOX_CLOSE, BOX_OPEN, prepare
from questions.articles.importer import parse_article

HERE = Path(__file__).parent
FIXTURES = HERE / "html"
PAGE = (FIXTURES / "page.html").read_text(encoding="utf-8")
DETAILS = (FIXTURES / "details.md").read_text(encoding="utf-8")

PAGE_QUESTIONS = [
    "1. What is the difference between a Django project and an app?",
    "2. How does Django protect forms against CSRF?",
    "3. When would you use `select_related`?",
    "4. What is an application factory in Flask?",
    "5. How do Flask blueprints help a growing app?",
    "6. Which is faster to start with, Django or Flask?",
]

PAGE_FURNITURE = [
    "Backend Notebook",  # the logo link and the copyright line
    "Tutorials",
    "About us",
    "Deutsch",
    "Español",
    "Tweet this",
    "Facebook",
    "Tags:",
    "Popular posts",
    "Celery in ten minutes",
    "3 comments",
    "thanks for sharing",
    "inbox",
    "Sign me up",
    "All rights reserved",
    "cookies",
    "Accept all",
    "JavaScript",
    "dataLayer",
    "font-family",
    "not text",
    "page header, built by the theme",
    "<",
]


# --- (a) a whole page --------------------------------------------------------


def test_a_page_becomes_the_markdown_of_its_article():
    markdown, _ = prepare(PAGE)
    assert markdown.startswith("# Six Django and Flask Questions for Your Next Interview\n\n")
    for question in PAGE_QUESTIONS:
        assert f"\n## {question}\n\n" in markdown
    assert (
        "A *project* is the whole site: its settings, its root URL configuration\n"
        "and its WSGI entry point. An *app* is a reusable package with one job,\n"
        "such as a blog or a shop, that a project lists in `INSTALLED_APPS`."
    ) in markdown
    assert (
        "```html\n"
        '<form method="post">\n'
        "  {% csrf_token %}\n"
        '  <button type="submit">Save</button>\n'
        "</form>\n"
        "```"
    ) in markdown
    assert (
        "```python\n"
        'orders = Order.objects.select_related("customer")\n'
        "for order in orders:\n"
        "    print(order.customer.email)  # no extra query per order\n"
        "```"
    ) in markdown
    assert "```python\ndef create_app(config=None):\n    app = Flask(__name__)\n" in markdown
    assert (
        "They group related views, templates and static files:\n"
        "\n"
        "- each blueprint can live in its own module\n"
        "- it is registered once, optionally under a URL prefix\n"
        "- the same blueprint can be reused in another app"
    ) in markdown
    assert (
        "| Need | Pick |\n"
        "| --- | --- |\n"
        "| Admin and ORM included | Django |\n"
        "| A single small endpoint | Flask |"
    ) in markdown


def test_a_page_loses_all_its_furniture():
    markdown, _ = prepare(PAGE)
    # The code sample shows a form and a button: those are answer text, not furniture.
    without_code = markdown.split("```html")[0] + markdown.split("```html")[1].split("```")[1]
    for furniture in PAGE_FURNITURE:
        assert furniture not in without_code, furniture
    assert BOX_OPEN not in markdown


def test_a_page_reports_each_dropped_part_with_its_text():
    _, left_out = prepare(PAGE)
    assert {item.reason for item in left_out} == {"litter"}
    texts = [item.text for item in left_out]
    assert texts == [
        "Backend Notebook Home Tutorials About us",  # the page header and its menu
        "English Deutsch Español",  # the language switcher
        "Tweet this Share on Facebook",  # the share bar
        "Tags: django , flask",  # the article's footer
        "Popular posts Celery in ten minutes",  # the sidebar
        "3 comments Great list, thanks for sharing!",
        "Get one interview question a week in your inbox. Sign me up",  # the newsletter box
        "© 2025 Backend Notebook. All rights reserved.",  # the page footer
        "We use cookies to understand how the site is used. Accept all",  # the cookie banner
        "Please turn on JavaScript to see the comments.",  # the noscript
    ]
    assert all(item.chars == len(item.text) for item in left_out)


def test_the_article_header_keeps_the_title_and_a_page_header_gives_its_only_h1():
    page = (
        "<!doctype html><html><body><header class='masthead'><h1>Flask Questions</h1>"
        "<nav><a href='/'>Home</a></nav></header><main><h2>What is a blueprint?</h2>"
        "<p>A group of routes registered on an app.</p></main></body></html>"
    )
    markdown, left_out = prepare(page)
    assert markdown == (
        "# Flask Questions\n\n## What is a blueprint?\n\nA group of routes registered on an app.\n"
    )
    assert [item.text for item in left_out] == ["Home"]


def test_a_page_fragment_is_read_as_html_too():
    fragment = (
        "<h2>What is WSGI?</h2>\n"
        '<p>The interface between a Python web app and its server. <a href="#top">Top</a></p>\n'
        "<h2>What is ASGI?</h2>\n"
        "<p>Its asynchronous successor, for <strong>websockets</strong> too.</p>\n"
    )
    markdown, left_out = prepare(fragment)
    assert markdown == (
        "## What is WSGI?\n\n"
        "The interface between a Python web app and its server. Top\n\n"
        "## What is ASGI?\n\n"
        "Its asynchronous successor, for **websockets** too.\n"
    )
    assert left_out == []


def test_permalinks_in_headings_go_and_links_in_headings_keep_their_text():
    page = (
        "<html><body><article><h2 id='q'>What is a view? <a href='#q'>¶</a></h2>"
        "<p>A callable.</p><h2><a href='/q/2'>What is a URLconf?</a></h2><p>A mapping.</p>"
        "</article></body></html>"
    )
    markdown, _ = prepare(page)
    assert markdown == "## What is a view?\n\nA callable.\n\n## What is a URLconf?\n\nA mapping.\n"


def test_a_language_switcher_without_hreflang_is_known_by_its_language_names():
    page = (
        "<html><body><div class='langs'><a href='/fr/'>Français</a> | <a href='/de/'>Deutsch</a>"
        " | <a href='/'>English</a></div><article><h2>What is Jinja?</h2>"
        "<p>Flask's template engine.</p></article></body></html>"
    )
    markdown, left_out = prepare(page)
    assert markdown == "## What is Jinja?\n\nFlask's template engine.\n"
    assert [item.text for item in left_out] == ["Français | Deutsch | English"]


def test_details_in_a_page_become_marked_questions():
    page = (
        "<html><body><main><h1>FAQ</h1><details><summary>Is Flask async?</summary>"
        "<p>Views may be <code>async def</code>.</p></details></main></body></html>"
    )
    markdown, _ = prepare(page)
    assert markdown == (
        f"# FAQ\n\n{BOX_OPEN} Is Flask async?\nViews may be `async def`.\n{BOX_CLOSE}\n"
    )


# --- (f) the page through the whole reader -----------------------------------


def test_parse_article_finds_the_questions_of_a_page():
    article = parse_article(PAGE)
    assert article.title == "Six Django and Flask Questions for Your Next Interview"
    assert [question.title for question in article.questions] == [
        "What is the difference between a Django project and an app?",
        "How does Django protect forms against CSRF?",
        "When would you use `select_related`?",
        "What is an application factory in Flask?",
        "How do Flask blueprints help a growing app?",
        "Which is faster to start with, Django or Flask?",
    ]
    answers = {question.title: question.answer for question in article.questions}
    assert answers["When would you use `select_related`?"].endswith(
        "```python\n"
        'orders = Order.objects.select_related("customer")\n'
        "for order in orders:\n"
        "    print(order.customer.email)  # no extra query per order\n"
        "```"
    )
    assert answers["What is an application factory in Flask?"].startswith(
        "A function that builds and returns the `Flask` object"
    )
    everything = " ".join([article.title, article.introduction, *answers.values()])
    for furniture in ["Tutorials", "Deutsch", "Tweet", "Popular posts", "cookies", "inbox"]:
        assert furniture not in everything
    assert any("Deutsch" in item.text for item in article.left_out)


# --- (b) <details> in a README -----------------------------------------------


DETAILS_MARKDOWN = f"""# Python Web Interview Questions

A few questions we ask in our own interviews, with the answers we hope to hear.

{BOX_OPEN} 1. What is middleware in Django?
A chain of callables that wraps every request and response. Each one can
change the request on the way in or the response on the way out.
{BOX_CLOSE}

{BOX_OPEN} 2. How is a Flask request context pushed?
Flask pushes it when a request arrives and pops it when the response is
sent. Inside it, `request` and `session` point at the current request.
{BOX_CLOSE}

{BOX_OPEN} 3. How do you cache a `QuerySet` result?
### Three options

1. keep the evaluated QuerySet in a variable and reuse it
2. store the rows with the low-level cache API
3. cache the whole rendered page or fragment

Whichever you choose, watch out for:

- stale data after a write
- keys that forget the user or the language

```python
from django.core.cache import cache

titles = cache.get_or_set("titles", lambda: list(Book.objects.values_list("title", flat=True)), 300)
```
{BOX_CLOSE}

{BOX_OPEN} 4. What does `<form>` need in a Django template?
A **method** of `post` and the CSRF token tag.
Without the token the middleware refuses the request.

```html
<form method="post">{{% csrf_token %}}</form>
```
{BOX_CLOSE}

{BOX_OPEN} 5. Why use blueprints?
They let a large Flask app be split into parts that register their own routes.
{BOX_CLOSE}

This one has no question of its own.
"""


def test_details_become_marked_questions_with_markdown_answers():
    markdown, left_out = prepare(DETAILS)
    assert markdown == DETAILS_MARKDOWN
    assert left_out == []


def test_the_marker_lines_are_exact():
    markdown, _ = prepare(DETAILS)
    lines = markdown.split("\n")
    opening = [line for line in lines if line.startswith(BOX_OPEN[0])]
    assert opening[:2] == [f"{BOX_OPEN} 1. What is middleware in Django?", BOX_CLOSE]
    assert len([line for line in lines if line == BOX_CLOSE]) == 5
    for number, line in enumerate(lines):
        if line.startswith(f"{BOX_OPEN} "):
            assert lines[number - 1] == ""
        if line == BOX_CLOSE:
            assert lines[number + 1] == ""


def test_a_nested_details_stays_in_its_answer_with_its_summary_in_bold():
    text = (
        "<details><summary>What is `g`?</summary>\n\n"
        "  A namespace for one request.\n\n"
        "  <details><summary>Hint</summary>It is reset each time.</details>\n"
        "</details>\n"
    )
    markdown, _ = prepare(text)
    assert markdown == (
        f"{BOX_OPEN} What is `g`?\n"
        "A namespace for one request.\n\n**Hint**\n\nIt is reset each time.\n"
        f"{BOX_CLOSE}\n"
    )


def test_a_spoiler_under_a_question_heading_leaves_its_answer():
    text = (
        "## What is a signal?\n\n"
        "<details><summary>Click to see the answer</summary>\n\n"
        "A hook that runs when something happens, such as `request_started`.\n\n"
        "</details>\n"
    )
    markdown, _ = prepare(text)
    assert markdown == (
        "## What is a signal?\n\n"
        "A hook that runs when something happens, such as `request_started`.\n"
    )


# --- (c) README furniture ----------------------------------------------------


FURNITURE = """<!-- badges are generated, do not edit -->
<div align="center">
  <a href="https://ci.example.org/runs"><img
    src="https://img.shields.io/badge/ci-passing-green.svg" alt="CI passing"></a>
  <img src="https://example.org/banner.png" alt="Flask notes banner">
  <br/>
  <b>Forty Flask questions with short answers.</b>
</div>

[![coverage](https://img.shields.io/badge/coverage-90-green.svg)](https://example.org/cov) [![licence](https://img.shields.io/badge/licence-MIT-blue.svg)](LICENSE)

# Flask Notes

<p align="center"><sub><a href="#basics">Basics</a> · <a href="#views">Views</a></sub></p>

<hr>

## Basics

1. What is Flask?<br>
A small framework on top of Werkzeug and Jinja.<br/>
It leaves the database to you.

<picture><source srcset="dark.png"><img src="light.png" alt="diagram of a request"></picture>

<hr/>

<sup>[Back to top](#flask-notes)</sup>
"""


def test_readme_furniture_goes_and_its_text_stays():
    markdown, left_out = prepare(FURNITURE)
    assert markdown == (
        "**Forty Flask questions with short answers.**\n"
        "\n"
        "# Flask Notes\n"
        "\n"
        "## Basics\n"
        "\n"
        "1. What is Flask?\n"
        "A small framework on top of Werkzeug and Jinja.\n"
        "It leaves the database to you.\n"
    )
    assert [(item.reason, item.text) for item in left_out] == [
        ("litter", "coverage licence"),
        ("litter", "badges are generated, do not edit"),
        ("litter", "CI passing"),
        ("litter", "Flask notes banner"),
        ("litter", "Basics · Views"),
        ("litter", "diagram of a request"),
        ("litter", "[Back to top](#flask-notes)"),
    ]


def test_a_line_break_inside_a_line_stays_a_line_break():
    markdown, _ = prepare("Debug mode reloads the code<br>and shows a debugger.\n")
    assert markdown == "Debug mode reloads the code\nand shows a debugger.\n"


def test_layout_html_is_never_fenced():
    markdown, _ = prepare(FURNITURE)
    assert "```" not in markdown
    assert "    " not in markdown


# --- (d) HTML inside code is left alone ---------------------------------------


CODE = """## How do you render a form?

Print the fields, and never forget `{% csrf_token %}` or a `<br>` here and there:

```html
<form method="post">
  {% csrf_token %}
  <div align="center"><img src="logo.png"></div>
  <!-- a comment in the sample -->
  {{ form.as_p }}<br>
</form>
```

~~~
<details><summary>Not a question</summary>shown as code</details>
~~~

    <hr>
    <p align="center">indented code</p>

Inline: ``<p align="center">`` and `<img src="x">`; compare a < b and List<int>.
"""


def test_html_in_code_is_untouched():
    assert prepare(CODE) == (CODE, [])


def test_html_in_code_is_untouched_when_html_around_it_changes():
    text = CODE + "\n<br>\n<details><summary>Why?</summary>\n\n```html\n<br>\n```\n</details>\n"
    markdown, _ = prepare(text)
    assert markdown == CODE + f"\n{BOX_OPEN} Why?\n```html\n<br>\n```\n{BOX_CLOSE}\n"


# --- (e) plain text and Markdown ----------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["headings.md", "numbered.txt", "pasted-web.txt", "q-prefixed.txt"],
)
def test_articles_without_html_come_back_byte_for_byte(name):
    text = (HERE / name).read_text(encoding="utf-8")
    markdown, left_out = prepare(text)
    assert markdown == text
    assert left_out == []


def test_markdown_with_angle_brackets_but_no_tags_is_untouched():
    text = "## Is 1 < 2?\n\nYes: `1 < 2` holds, and so does `Dict<str, int>` in other languages.\n"
    assert prepare(text) == (text, [])


# --- robustness and speed -----------------------------------------------------


def test_deep_and_unclosed_markup_does_not_break_the_converter():
    markdown, _ = prepare("<ul>" + "<li>item\n" * 3000)
    assert markdown.count("- item") == 3000
    markdown, _ = prepare("<div>" * 3000 + "What is deep?")
    assert markdown.strip() == "What is deep?"


@pytest.mark.parametrize(
    "text",
    [
        DETAILS * (2**20 // len(DETAILS)),
        "a <b c " * (2**20 // 7),
        "<!-- x " * (2**20 // 7),
        "".join("`" * (n % 40 + 1) + " x " for n in range(50000)),
        "line<br>\n" * (2**20 // 9),
    ],
    ids=["details", "angle brackets", "unclosed comments", "backtick runs", "line breaks"],
)
def test_a_megabyte_is_read_in_well_under_two_seconds(text):
    started = time.perf_counter()
    prepare(text)
    assert time.perf_counter() - started < 2


def test_a_megabyte_page_is_read_in_under_two_seconds():
    article = PAGE.split("<article")[1].split("</article>")[0]
    page = PAGE.replace(article, article * (2**20 // len(article)))
    started = time.perf_counter()
    markdown, _ = prepare(page)
    assert time.perf_counter() - started < 2
    assert markdown.count("## 6. Which is faster") > 100


def test_the_marker_characters_cannot_clash_with_private_use_text():
    text = "<b>\ue000\ue001</b> icons\n"
    markdown, _ = prepare(text)
    assert markdown == "**\ue000\ue001** icons\n"
    assert html_markdown.Vault(text).open not in text


def test_a_details_that_groups_questions_becomes_a_section():
    text = (
        "<details><summary>Django ORM</summary>\n\n"
        "<details><summary>1. What is a QuerySet?</summary>\n\nA lazy query.\n\n</details>\n\n"
        "<details><summary>2. What is a manager?</summary>\n\nThe way to the rows.\n</details>\n"
        "</details>\n"
    )
    markdown, _ = prepare(text)
    assert markdown == (
        "## Django ORM\n\n"
        f"{BOX_OPEN} 1. What is a QuerySet?\nA lazy query.\n{BOX_CLOSE}\n\n"
        f"{BOX_OPEN} 2. What is a manager?\nThe way to the rows.\n{BOX_CLOSE}\n"
    )


def test_a_line_break_in_a_table_row_is_a_space():
    text = "<!-- keys -->\n| Key | Meaning |\n| --- | --- |\n| `SECRET_KEY` | signs<br>cookies |\n"
    markdown, _ = prepare(text)
    assert markdown == "| Key | Meaning |\n| --- | --- |\n| `SECRET_KEY` | signs cookies |\n"
