"""Search results' highlighted passages: escaped text with the matched words marked."""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .query import WORD, Terms

SNIPPET_WORDS = 28
SNIPPET_CONTEXT_WORDS = 6


def highlight(text: str, terms: Terms) -> SafeString:
    """Escape `text` and wrap the words the query finds in <mark>."""
    return mark_safe(_highlighted(text, terms, list(WORD.finditer(text)), 0, len(text)))


def snippet(sources, terms: Terms, words: int = SNIPPET_WORDS) -> SafeString:
    """A highlighted passage of about `words` words from the best of `sources`.

    The best source is the one where the query finds most words; the passage
    starts a few words before the first of them. Without any match, the passage
    is the start of the first text that has words.
    """
    best = None
    for text in sources:
        tokens = list(WORD.finditer(text or ""))
        if not tokens:
            continue
        hits = [index for index, token in enumerate(tokens) if terms.finds(token.group())]
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
    end = tokens[last - 1].end() if last < len(tokens) else len(text)
    passage = _highlighted(text, terms, tokens[first:last], start, end)
    return mark_safe(f"{'… ' if first else ''}{passage}{' …' if last < len(tokens) else ''}")


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
