"""Python-Markdown made linear in the size of its input, whatever the input.

Stock Python-Markdown has inputs that cost quadratic time, each neutralised here
at the stage that has it, without changing how ordinary text renders:

- Links and images: for every `[` the stock processors scan forward for the
  matching `]`, and for every `](` forward for the matching `)`; 20,000 `[` took a
  minute. Here the matching `]` of every `[` is found once, in one pass, and the
  work spent on one text has a budget proportional to its length (each real link
  costs only its own length; past the budget, brackets stay literal text).
- Raw HTML: the HTML parser rescans to the end of the text for every `<` that
  could open a tag but is never closed (`<a <a <a ...`). A `<` after the last `>`
  can open nothing, so it is set aside before the parser runs and comes back
  as `&lt;`, which is how it would have been shown.
- Fenced code: each block rebuilds the whole text and is highlighted by Pygments.
  Past `MAX_FENCES` fence lines, fences are shown as text.
- Inline Markdown: every `*a*`, `` `a` ``, `\\` or link rebuilds the whole text of its
  paragraph, so a paragraph costs (its length) x (its inline marks). A paragraph
  longer than `MAX_INLINE_TEXT` (no reader's paragraph is) becomes several; any
  other block that long (a list item, a cell) is shown without inline Markdown.

Nesting deeper than Python's recursion limit (`1. 1. 1. ...`) is handled by the
caller, `questions.markdown.render_markdown`.
"""

import re

from markdown.extensions import Extension
from markdown.inlinepatterns import (
    IMAGE_LINK_RE,
    IMAGE_REFERENCE_RE,
    LINK_RE,
    REFERENCE_RE,
    ImageInlineProcessor,
    ImageReferenceInlineProcessor,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
    ShortImageReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

BRACKETS = re.compile(r"[\[\]]")
# Characters of work allowed per character of text, per processor, plus a floor.
BUDGET_PER_CHARACTER = 20
BUDGET_FLOOR = 20_000
# An answer with more code blocks than this is not an answer.
MAX_FENCES = 400  # fence lines: opening and closing
FENCE_LINE = re.compile(r"^(?:~{3,}|`{3,})", re.MULTILINE)
# About 1,500 words: longer paragraphs are split before inline Markdown is parsed.
MAX_INLINE_TEXT = 10_000
# A noncharacter stands in for an inert `<` between the pre- and postprocessor.
INERT_LT = "\ufdd0"


def closing_brackets(text: str) -> dict[int, int]:
    """{position of `[`: position of its matching `]`}, as the stock nested count finds them."""
    closing, opened = {}, []
    for match in BRACKETS.finditer(text):
        if match.group() == "[":
            opened.append(match.start())
        elif opened:
            closing[opened.pop()] = match.start()
    return closing


class LinearBrackets:
    """Replaces `getText` and bounds `getLink` for one text at a time (the processor's `data`)."""

    _data = None

    def _prepare(self, data: str) -> None:
        if data is not self._data:
            self._data = data
            self._closing = closing_brackets(data)
            self._budget = BUDGET_PER_CHARACTER * len(data) + BUDGET_FLOOR

    def getText(self, data, index):
        self._prepare(data)
        close = self._closing.get(index - 1)
        if close is None or self._budget <= 0:
            return "", len(data), False
        self._budget -= close - index + 1
        return data[index:close], close + 1, True

    def getLink(self, data, index):
        self._prepare(data)
        if self._budget <= 0 or data.find(")", index) < 0:
            return "", None, index, False
        href, title, end, handled = super().getLink(data, index)
        self._budget -= (end if handled else len(data)) - index + 1
        return href, title, end, handled


class Link(LinearBrackets, LinkInlineProcessor):
    pass


class Image(LinearBrackets, ImageInlineProcessor):
    pass


class Reference(LinearBrackets, ReferenceInlineProcessor):
    pass


class ImageReference(LinearBrackets, ImageReferenceInlineProcessor):
    pass


class ShortReference(LinearBrackets, ShortReferenceInlineProcessor):
    pass


class ShortImageReference(LinearBrackets, ShortImageReferenceInlineProcessor):
    pass


class LinearLinksExtension(Extension):
    """Registers the processors above under the stock names and priorities."""

    def extendMarkdown(self, md):
        patterns = md.inlinePatterns
        patterns.register(Reference(REFERENCE_RE, md), "reference", 170)
        patterns.register(Link(LINK_RE, md), "link", 160)
        patterns.register(Image(IMAGE_LINK_RE, md), "image_link", 150)
        patterns.register(ImageReference(IMAGE_REFERENCE_RE, md), "image_reference", 140)
        patterns.register(ShortReference(REFERENCE_RE, md), "short_reference", 130)
        patterns.register(ShortImageReference(IMAGE_REFERENCE_RE, md), "short_image_ref", 125)


class InertAngles(Preprocessor):
    """Sets aside every `<` after the last `>` (none of them can open a tag)."""

    def run(self, lines):
        text = "\n".join(lines).replace(INERT_LT, "")
        last = text.rfind(">")
        if text.find("<", last + 1) >= 0:
            text = text[: last + 1] + text[last + 1 :].replace("<", INERT_LT)
        return text.split("\n")


class RestoreAngles(Postprocessor):
    def run(self, text):
        return text.replace(INERT_LT, "&lt;")


class FewerFences(Preprocessor):
    """Past `MAX_FENCES` fence lines, a fence line is escaped and shows as text."""

    def run(self, lines):
        text = "\n".join(lines)
        fences = FENCE_LINE.finditer(text)
        for _ in range(MAX_FENCES):
            if next(fences, None) is None:
                return lines
        pieces, start = [], 0
        for match in fences:
            pieces += [text[start : match.start()], "\\"]
            start = match.start()
        pieces.append(text[start:])
        return "".join(pieces).split("\n")


def chunks(text: str, size: int = MAX_INLINE_TEXT):
    """`text` in pieces of at most `size` characters, cut at whitespace where there is some."""
    start = 0
    while len(text) - start > size:
        cut = text.rfind(" ", start + size // 2, start + size)
        cut = start + size if cut < 0 else cut + 1
        yield text[start:cut]
        start = cut
    yield text[start:]


class LongTextGuard(Treeprocessor):
    """Before inline parsing: split over-long paragraphs, leave other over-long text literal."""

    def run(self, root):
        for parent in list(root.iter()):
            for index, element in reversed(list(enumerate(parent))):
                if element.text and len(element.text) > MAX_INLINE_TEXT:
                    if element.tag == "p" and not len(element):
                        pieces = list(chunks(element.text))
                        element.text = pieces[0]
                        for offset, piece in enumerate(pieces[1:], start=1):
                            paragraph = element.makeelement("p", {})
                            paragraph.text = piece
                            parent.insert(index + offset, paragraph)
                    else:
                        element.text = AtomicString(element.text)
                if element.tail and len(element.tail) > MAX_INLINE_TEXT:
                    element.tail = AtomicString(element.tail)


class BoundedBlocksExtension(Extension):
    """Registers the raw-HTML, fenced-code and long-text guards around the stock stages."""

    def extendMarkdown(self, md):
        # Before the inline treeprocessor (20).
        md.treeprocessors.register(LongTextGuard(md), "long_text_guard", 25)
        # After whitespace normalising (30), before fenced code (25) and raw HTML (20).
        md.preprocessors.register(FewerFences(md), "fewer_fences", 27)
        md.preprocessors.register(InertAngles(md), "inert_angles", 21)
        md.postprocessors.register(RestoreAngles(md), "restore_angles", 0)
