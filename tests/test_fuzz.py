"""Hostile input: no public URL answers a 500, and no Markdown becomes unsafe HTML."""

import re
from html.parser import HTMLParser
from operator import mul
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.markdown import ALLOWED_TAGS, URL_SCHEMES, render_markdown
from questions.models import Answer, Question, Topic
from tests import factories

# Deterministic (the same examples on every run, nothing saved between runs) so
# CI is never flaky; a failure prints the example to reproduce it.
FUZZ = settings(
    max_examples=75,
    deadline=None,
    derandomize=True,
    database=None,
    # The fixtures only create the content the requests read; sharing them
    # between examples is intended.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "\x00",
    "a\x00b",
    "%00",
    "%",
    "%%",
    "%E0%A4%A",
    "%ff%fe%fd",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "' OR 1=1 --",
    "'; DROP TABLE questions_question; --",
    "../../../../etc/passwd",
    "..%2f..%2f",
    "{{ 7|add:7 }}",
    "{% debug %}",
    "\r\nSet-Cookie: pwned=1",
    "\u202egnp.exe",
    "ǅǈ𝔘𝔫𝔦𝔠𝔬𝔡𝔢 💥 ﷽",
    "\ufeff\u200b\u00a0",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "null",
    "[]",
    "beginner\x00",
    "django",
    "a" * 10_000,
]
QUERY_KEYS = ["q", "framework", "difficulty", "page", "next", "mode", "sort", "reveal", "x"]
CONVERTER = re.compile(r"<(?:(?P<kind>\w+):)?(?P<name>\w+)>")

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=80),
    st.builds(mul, st.text(min_size=1, max_size=3), st.integers(500, 3000)),
)
# What a server may hand over as QUERY_STRING: any bytes, as WSGI's latin-1 text.
raw_query = st.one_of(
    hostile_text.map(lambda text: text.encode("utf-8")),
    st.binary(max_size=300),
    st.lists(st.tuples(st.sampled_from(QUERY_KEYS), hostile_text), max_size=5).map(
        lambda pairs: "&".join(f"{key}={quote(value)}" for key, value in pairs).encode()
    ),
).map(lambda raw: raw.decode("latin-1"))


def public_routes():
    """Every URL pattern outside the admin, as `route` strings with converters."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield route

    return sorted(route for route in walk(get_resolver().url_patterns) if "admin/" not in route)


routes = st.deferred(lambda: st.sampled_from(public_routes()))


@pytest.fixture
def bank():
    return make_bank()


def make_bank():
    """A published question and a draft, so real slugs lead to real pages."""
    topic = factories.make_topic("Security", slug="security")
    question = factories.make_question(
        "What is CSRF?", slug="what-is-csrf", topic=topic, body="See `csrf_token`."
    )
    factories.make_draft("A draft?", slug="a-draft", topic=topic)
    return {"topic": topic, "question": question}


def fill(route, bank, segment=None):
    """A path for `route`: converters get `segment` when given, real values otherwise."""

    def value(match):
        if segment is not None:
            return quote(segment, safe="")
        if match["name"] == "slug":
            return bank["topic" if route.startswith("topics/") else "question"].slug
        if match["kind"] == "int":
            return str(bank["question"].pk) if match["name"] == "pk" else "1"
        return "x"

    return "/" + CONVERTER.sub(value, route)


def test_every_public_route_is_fuzzed():
    assert {
        "",
        "questions/",
        "questions/<slug:slug>/",
        "topics/<slug:slug>/",
        "accounts/login/",
        "accounts/signup/",
    } <= set(public_routes())


@FUZZ
@given(route=routes, query=raw_query)
def test_hostile_query_strings(client, bank, route, query):
    response = client.get(fill(route, bank), QUERY_STRING=query)

    assert response.status_code < 500


@FUZZ
@given(
    route=routes,
    params=st.dictionaries(st.sampled_from(QUERY_KEYS), hostile_text, min_size=1, max_size=4),
)
def test_hostile_filter_values(client, bank, route, params):
    response = client.get(fill(route, bank), params)

    assert response.status_code < 500


@FUZZ
@given(
    route=routes,
    segment=hostile_text,
    prefix=st.sampled_from(["/", "/questions/", "/topics/", "/accounts/", "/static/"]),
)
def test_hostile_paths(client, bank, route, segment, prefix):
    in_a_route = client.get(fill(route, bank, segment))
    anywhere = client.get(prefix + quote(segment, safe="/"))

    assert in_a_route.status_code < 500
    assert anywhere.status_code < 500


@FUZZ
@given(username=hostile_text, password=hostile_text, email=hostile_text)
def test_hostile_login_and_signup_forms(client, bank, username, password, email):
    login = client.post("/accounts/login/", {"username": username, "password": password})
    signup = client.post(
        "/accounts/signup/",
        {"username": username, "email": email, "password1": password, "password2": password},
    )

    assert login.status_code < 500
    assert signup.status_code < 500


def test_a_known_hostile_query_is_answered_with_the_page(client, bank):
    """The fuzzing above must reach the views, not stop at a 404 for every request."""
    response = client.get("/topics/security/", {"q": "\x00<script>", "page": "-1"})

    assert response.status_code in {200, 404}
    assert "<script>" not in response.content.decode()


HOSTILE_MARKDOWN = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<<SCRIPT>alert('XSS');//<</SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" alt="" onerror="alert(1)" />',
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<IMG SRC=`javascript:alert("XSS")`>',
    '<img srcset="javascript:alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
    '<a href="java&#x09;script:alert(1)">tab</a>',
    '<a href="jav&#x0A;ascript:alert(1)">newline</a>',
    '<a href=" &#14;  javascript:alert(1)">control</a>',
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x](javascript:alert(1))",
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '[x](https://ok.example "title\\" onmouseover=\\"alert(1)")',
    '<a href="#" onclick="alert(1)">x</a>',
    '<abbr title="x" onmouseover="alert(1)">x</abbr>',
    "<x onclick=alert(1)>x</x>",
    '<iframe src="https://evil.example"></iframe>',
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    '<object data="evil.swf"></object>',
    '<embed src="evil.swf">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="position:fixed;top:0">x</p>',
    '<span class="x" style="color:red">x</span>',
    "<style>body{display:none}</style>",
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    "<body onload=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<template><script>alert(1)</script></template>",
    "```html\n</code></pre><script>alert(1)</script>\n```",
    "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | <script>x</script> |",
    "# Title <script>alert(1)</script>",
    '<pre tabindex="-1" onfocus="alert(1)" class="x">x</pre>',
]
DANGEROUS_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "link",
    "meta", "base", "form", "input", "button", "textarea", "select", "svg", "math",
    "template", "noscript", "video", "audio", "source", "body", "html",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src"}
NEVER_ALLOWED_ATTRIBUTES = {
    "style", "srcset", "srcdoc", "action", "formaction", "background", "poster",
    "xlink:href", "http-equiv", "content",
}  # fmt: skip
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


class UnsafeHTMLFinder(HTMLParser):
    """Parse HTML as a browser would (entities decoded) and list anything unsafe in it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS or tag not in ALLOWED_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in NEVER_ALLOWED_ATTRIBUTES:
                self.problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES and not safe_url(value or ""):
                self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def safe_url(url):
    """Relative, or one of the allowed schemes once browsers' leniency is applied."""
    squeezed = re.sub(r"[\x00-\x20\x7f]", "", url).lower()
    match = SCHEME.match(squeezed)
    return match is None or match[1] in URL_SCHEMES


def unsafe_parts(html):
    finder = UnsafeHTMLFinder()
    finder.feed(html)
    finder.close()
    problems = finder.problems
    if re.search(r"<\s*/?\s*script", html, re.IGNORECASE):
        problems.append("script tag text")
    return problems


def test_the_checker_catches_unsafe_html():
    assert unsafe_parts('<a href="java&#x09;script:alert(1)">x</a>')
    assert unsafe_parts('<img src="x" onerror="alert(1)">')
    assert unsafe_parts('<p style="color:red">x</p>')
    assert unsafe_parts("<iframe></iframe>")
    assert unsafe_parts('<a href="DATA:text/html,x">x</a>')
    assert unsafe_parts('<a href="https://ok.example/">ok</a> <a href="/relative">ok</a>') == []


@pytest.mark.parametrize("payload", HOSTILE_MARKDOWN)
def test_hostile_markdown_renders_safe(payload):
    assert unsafe_parts(render_markdown(payload)) == []


def test_hostile_markdown_is_stored_safe(topic):
    """Everything an editor writes is stored as sanitised HTML, whatever field it is in."""
    for number, payload in enumerate(HOSTILE_MARKDOWN):
        factories.make_draft(f"Hostile {number}?", topic=topic, body=payload, answers=[payload])
        Topic.objects.create(
            name=f"Hostile {number}", slug=f"hostile-{number}", description=payload
        )

    stored = [
        *Question.objects.filter(title__startswith="Hostile").values_list("body_html", flat=True),
        *Answer.objects.filter(question__title__startswith="Hostile").values_list(
            "body_html", flat=True
        ),
        *Topic.objects.filter(slug__startswith="hostile-").values_list(
            "description_html", flat=True
        ),
    ]
    assert len(stored) == 3 * len(HOSTILE_MARKDOWN)
    assert {html: unsafe_parts(html) for html in stored if unsafe_parts(html)} == {}
    assert any('href="https://ok.example"' in html for html in stored)
