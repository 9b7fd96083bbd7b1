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
# Matches are looked for in the first this many characters of each text (some
# 300 words): answers run to thousands of words, and a page shows 20 passages.
SNIPPET_SCAN_CHARS = 2000
# How far before its first match a passage looks for the words it starts with.
SNIPPET_BACK_CHARS = 400
# A letter or digit beyond ASCII: a word with one may fold to other letters.
NON_ASCII_WORD = re.compile(r"[^\x00-\x7f\W_]")
_WORD_CHAR = re.compile(r"[^\W_]")
# A fenced block as `html_to_text` writes it; group 1 is the code.
CODE_BLOCK = re.compile(r"```\n(.*?)\n```", re.DOTALL)


def highlight(text: str, terms: Terms) -> SafeString:
    """Escape `text` and wrap the words the query finds in <mark>."""
    return mark_safe(_highlighted(text, terms, list(WORD.finditer(text)), 0, len(text)))


def snippet(sources, terms: Terms, words: int = SNIPPET_WORDS) -> SafeString:
    """A highlighted passage of about `words` words from the best of `sources`.

    The best source is the one where the query finds most words in its first
    `SNIPPET_SCAN_CHARS` characters; the passage starts a few words before the
    first of them. Without any match, it is the start of the first text that
    has words.
    """
    best = None
    for text in sources:
        if text and WORD.search(text):
            hits = _hits(text, terms)
            if best is None or len(hits) > len(best[1]):
                best = (text, hits)
    if best is None:
        return SafeString("")
    text, hits = best
    tokens, more_before, more_after = _window(text, hits[0] if hits else 0, words)
    start = tokens[0].start() if more_before else 0
    end = tokens[-1].end() if more_after else len(text)
    passage = _passage(text, terms, tokens, start, end)
    return mark_safe(f"{'… ' if more_before else ''}{passage}{' …' if more_after else ''}")


def _hits(text, terms):
    """Where the words `terms` finds start, in the first `SNIPPET_SCAN_CHARS` of `text`.

    Where every word there is ASCII, only the words that start as `terms.starts`
    are asked about; a letter beyond ASCII may fold to another, so then all are.
    """
    head = text[:SNIPPET_SCAN_CHARS]
    if not terms.starts or (not head.isascii() and NON_ASCII_WORD.search(head)):
        return [word.start() for word in WORD.finditer(head) if terms.finds(word.group())]
    lowered = head.lower()
    places = set()
    for start in terms.starts:
        at = lowered.find(start)
        while at != -1:
            if at == 0 or not lowered[at - 1].isalnum():
                places.add(at)
            at = lowered.find(start, at + 1)
    return [at for at in sorted(places) if terms.finds(WORD.match(head, at).group())]


def _window(text, at, words):
    """The `words` words of `text` around the word starting at `at`, a few before it.

    Also whether any word comes before them, and any after. Near the end of the
    text, the window takes more words before to keep its size.
    """
    back = max(0, at - SNIPPET_BACK_CHARS)
    before = list(WORD.finditer(text, back, at))
    if back and before and before[0].start() == back and _WORD_CHAR.match(text, back - 1):
        before.pop(0)  # The end of a word cut at `back`.
    after = list(islice(WORD.finditer(text, at), words + 1))
    context = min(SNIPPET_CONTEXT_WORDS, words // 4)
    taken = min(len(before), max(context, words - len(after)))
    tokens = before[len(before) - taken :] + after[: words - taken]
    more_before = taken < len(before) or (back > 0 and WORD.search(text, 0, back) is not None)
    return tokens, more_before, len(after) > words - taken


def _passage(text, terms, tokens, start, end):
    """The highlighted text from `start` to `end`, its code blocks as <code>."""
    pieces = []
    position = start
    for block in CODE_BLOCK.finditer(text):
        if block.start() >= end:
            break  # The blocks come in order: none further on reaches the passage.
        if block.end() <= start:
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
