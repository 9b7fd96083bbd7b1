"""Search results' highlighted passages: escaped text with the matched words marked.

Code blocks of the indexed text (fenced by `html_to_text`) come out as `<code>`
with their line breaks, so a passage drawn from code still reads as code.
"""

import re
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .query import WORD, Terms

SNIPPET_WORDS = 28
SNIPPET_CONTEXT_WORDS = 6
# Matches are looked for in the first this many words of each text: answers run
# to thousands, and every word looked at is a stem looked up, 20 times a page.
SNIPPET_SCAN_WORDS = 300
# A fenced block as `html_to_text` writes it; group 1 is the code.
CODE_BLOCK = re.compile(r"```\n(.*?)\n```", re.DOTALL)


def highlight(text: str, terms: Terms) -> SafeString:
    """Escape `text` and wrap the words the query finds in <mark>."""
    return mark_safe(_highlighted(text, terms, list(WORD.finditer(text)), 0, len(text)))


def snippet(sources, terms: Terms, words: int = SNIPPET_WORDS) -> SafeString:
    """A highlighted passage of about `words` words from the best of `sources`.

    The best source is the one where the query finds most words among its first
    `SNIPPET_SCAN_WORDS`; the passage starts a few words before the first of them.
    Without any match, the passage is the start of the first text that has words.
    """
    best = None
    for text in sources:
        # No passage reaches past the words scanned and one passage more.
        tokens = list(islice(WORD.finditer(text or ""), SNIPPET_SCAN_WORDS + words))
        if not tokens:
            continue
        hits = [
            index
            for index, token in enumerate(tokens[:SNIPPET_SCAN_WORDS])
            if terms.finds(token.group())
        ]
        if best is None or len(hits) > len(best[2]):
            best = (text, tokens, hits)
    if best is None:
        return SafeString("")
    text, tokens, hits = best
    context = min(SNIPPET_CONTEXT_WORDS, words // 4)
    first = max(0, hits[0] - context) if hits else 0
    last = min(len(tokens), first + words)
    first = max(0, last - words)
    start = tokens[first].start() if first else 0
    more = last < len(tokens) or WORD.search(text, tokens[-1].end()) is not None
    end = tokens[last - 1].end() if more else len(text)
    passage = _passage(text, terms, tokens[first:last], start, end)
    return mark_safe(f"{'… ' if first else ''}{passage}{' …' if more else ''}")


def _passage(text, terms, tokens, start, end):
    """The highlighted text from `start` to `end`, its code blocks as <code>."""
    pieces = []
    position = start
    for block in CODE_BLOCK.finditer(text):
        if block.end() <= start or block.start() >= end:
            continue
        pieces.append(_piece(text, terms, tokens, position, max(position, block.start())))
        code_start, code_end = max(start, block.start(1)), min(end, block.end(1))
        code = _piece(text, terms, tokens, code_start, code_end).strip("\n")
        pieces.append(f'<code class="snippet-code">{_keep_lines(code)}</code>')
        position = min(end, block.end())
    pieces.append(_piece(text, terms, tokens, position, end))
    return " ".join(
        piece.strip() if not piece.startswith("<code") else piece
        for piece in pieces
        if piece.strip()
    )


def _keep_lines(code):
    # Line breaks and indentation that HTML would otherwise fold into spaces.
    lines = code.split("\n")
    return "<br>".join(
        "&nbsp;" * (len(line) - len(line.lstrip(" "))) + line.lstrip(" ") for line in lines
    )


def _piece(text, terms, tokens, start, end):
    if start >= end:
        return ""
    inside = [token for token in tokens if start <= token.start() and token.end() <= end]
    return _highlighted(text, terms, inside, start, end)


def _highlighted(text, terms, tokens, start, end):
    pieces = []
    position = start
    for token in tokens:
        if terms.finds(token.group()):
            pieces.append(escape(text[position : token.start()]))
            pieces.append(f"<mark>{escape(token.group())}</mark>")
            position = token.end()
    pieces.append(escape(text[position:end]))
    return "".join(pieces)
