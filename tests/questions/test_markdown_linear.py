"""Rendering is linear in the length of the text, whatever the text.

Each hostile shape is rendered at the longest length a form accepts, in a child
process with a time bound that is a multiple of rendering ordinary Markdown of
the same length in the same run (so a slow machine slows both). On the stock
renderer the bracket runs alone took minutes. The guards must not change how
ordinary text renders: every answer of the starter bank renders exactly as the
stock renderer renders it.
"""

import multiprocessing
import time

import markdown
import pytest
from django.core.exceptions import ValidationError

from questions.markdown import (
    EXTENSION_CONFIGS,
    EXTENSIONS,
    MAX_MARKDOWN_LENGTH,
    render_markdown,
    sanitise_html,
)
from questions.markdown_limits import MAX_FENCES, MAX_INLINE_TEXT
from questions.starter import read_content

N = MAX_MARKDOWN_LENGTH
ORDINARY = (
    "## A heading\n\nSome *emphasis*, a `code span`, a [link](https://example.com/a) and "
    "**strong** words.\n\n- one item\n- two items\n\n```python\nx = [1, 2]\n```\n\n"
)
HOSTILE = {
    "open brackets": "[" * N,
    "image openers": "![" * (N // 2),
    "unclosed links": "[x](" * (N // 4 - 1) + ")",
    "nested brackets": "[" * (N // 2) + "]" * (N // 2),
    "emphasis marks": "*a" * (N // 2),
    "strong marks": "**a" * (N // 3),
    "mixed marks": "*_" * (N // 2),
    "backticks": "`a" * (N // 2),
    "backslashes": "\\" * N,
    "unclosed tags": "<a " * (N // 3),
    "one closing bracket": "<a " * (N // 3 - 1) + ">",
    "unclosed autolinks": "<http://" * (N // 8),
    "fences": "~~~\n" * (N // 4),
    "nested lists": "1. " * (N // 3),
    "nested quotes": "> " * (N // 2 - 1) + "x",
    "table pipes": ("|" * 50 + "\n") * (N // 51),
    "one long paragraph": ("Some *words* and a [link](https://example.com) here. " * N)[:N],
}
RATIO = 12  # the worst shapes take about 5 times as long as ordinary text


def _render(text):
    render_markdown(text)


def seconds_in_child(text, timeout):
    """Render `text` in a forked child; its wall time, or None past `timeout`."""
    process = multiprocessing.get_context("fork").Process(target=_render, args=(text,))
    started = time.perf_counter()
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return None
    assert process.exitcode == 0
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def ordinary_seconds():
    text = (ORDINARY * (N // len(ORDINARY) + 1))[:N]
    return min(seconds_in_child(text, 120) for _ in range(2))


@pytest.mark.parametrize("shape", HOSTILE)
def test_the_worst_inputs_render_in_time_proportional_to_their_length(shape, ordinary_seconds):
    text = HOSTILE[shape]
    assert len(text) <= N
    bound = RATIO * ordinary_seconds + 1
    took = seconds_in_child(text, bound)
    assert took is not None, f"{shape}: still rendering after {bound:.1f} s"


def stock(text):
    html = markdown.markdown(
        text, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    return sanitise_html(html)


def bank_markdown():
    _, topics = read_content()
    for data in topics:
        for item in data["questions"]:
            yield item["slug"], item.get("body", "")
            yield from ((item["slug"], answer) for answer in item["answers"])


def test_ordinary_markdown_renders_exactly_as_the_stock_renderer_does():
    samples = [text for _, text in bank_markdown() if text.strip()]
    samples += [
        "[a [nested] link](https://example.com/x) and ![an image](https://example.com/i.png)",
        '[with a title](https://example.com "Title") and [ref][1]\n\n[1]: https://example.com',
        "[short ref]\n\n[short ref]: https://example.com/s",
        "a < b and c > d, <kbd>Ctrl</kbd> and `x < y` then 1 < 2",
        "Trailing comparisons: `if a < b:` and x < y",
    ]
    different = [text[:80] for text in samples if render_markdown(text) != stock(text)]
    assert different == []


def test_a_lone_angle_bracket_after_the_last_tag_still_shows_as_written():
    html = render_markdown("<kbd>K</kbd> then `a < b` and a < b")
    assert "<kbd>K</kbd>" in html
    assert "<code>a &lt; b</code>" in html
    assert html.endswith("and a &lt; b</p>")
    assert "\ufdd0" not in render_markdown("hidden \ufdd0 noncharacter < here")


def test_an_over_long_paragraph_is_split_and_keeps_its_inline_markdown():
    sentence = "A **bold** claim with a [link](https://example.com/x). "
    text = sentence * (3 * MAX_INLINE_TEXT // len(sentence))
    html = render_markdown(text)
    assert html.count("<p>") >= 3
    assert html.count("<strong>bold</strong>") == text.count("**bold**")
    assert html.count('href="https://example.com/x"') == text.count("](https://example.com/x)")


def test_past_the_fence_limit_fences_show_as_text():
    text = "```\ncode\n```\n\n" * (MAX_FENCES // 2 + 3)
    html = render_markdown(text)
    assert html.count("<pre") == MAX_FENCES // 2
    assert "```" in html


def test_nesting_deeper_than_python_recurses_is_shown_as_written():
    html = render_markdown("1. " * 5000 + "deep <b>x</b>")
    assert html.startswith("<p>1. 1. ")
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_a_form_refuses_markdown_longer_than_the_limit():
    from questions.models import Answer, Question, Topic

    field = Answer._meta.get_field("body")
    assert field.max_length == N == Question._meta.get_field("body").max_length
    assert Topic._meta.get_field("description").max_length == N
    form_field = field.formfield()
    with pytest.raises(ValidationError, match=r"at most 100,?000"):
        form_field.clean("x" * (N + 1))
