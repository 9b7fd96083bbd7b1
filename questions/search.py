"""Full-text search over questions: one interface, SQLite FTS5 or PostgreSQL behind it.

Every question has a `SearchDocument` with the plain text of its title, body and
answers, and the database indexes it as `SearchIndex` (see `questions.models` and
migration 0002): an FTS5 table on SQLite, a stored, weighted tsvector with a GIN
index on PostgreSQL. Both match the same parsed query: every word of the
visitor's text must appear as the start of a word, so "decor" finds "decorators".
Neither stems, so `Terms.finds` can highlight exactly the words a database matched,
and snippets come out the same on both.

Visibility is not the index's business: callers pass a queryset that already
holds only what the visitor may see (`Question.objects.visible_to(user)`).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from html.parser import HTMLParser

from django.db import NotSupportedError, connections
from django.db.models import BooleanField, Expression, F, FloatField, Func, TextField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# A word as FTS5's unicode61 tokenizer sees one: letters and digits; everything
# else, underscore included, separates words.
WORD = re.compile(r"[^\W_]+")
MAX_PHRASES = 10
MAX_WORD_LENGTH = 64
# Left out of a query unless it holds nothing else: they are in most questions,
# and requiring them would hide good matches for "what is a decorator".
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from",
    "how", "i", "in", "is", "it", "of", "on", "or", "the", "to", "what", "when", "where",
    "which", "who", "why", "with", "you",
})  # fmt: skip
# How much a match counts in the title, the body and the answers.
WEIGHTS = {"title": 10.0, "body": 4.0, "answers": 1.0}
# PostgreSQL's configuration that, like FTS5's unicode61, neither stems nor drops words.
TEXT_SEARCH_CONFIG = "simple"
SNIPPET_WORDS = 28
SNIPPET_CONTEXT_WORDS = 6


def fold(word: str) -> str:
    """Lower-case `word` and strip its accents, as FTS5's `remove_diacritics` does."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class Terms:
    """A visitor's search text, cleaned: phrases that must all appear.

    A phrase is the words of one whitespace-separated chunk ("select_related" is
    the phrase "select related"); its last word matches as a prefix.
    """

    phrases: tuple[tuple[str, ...], ...]

    def __bool__(self):
        return bool(self.phrases)

    def as_fts5(self) -> str:
        # Quoted phrases carry no FTS5 operators; the words are letters and digits only.
        return " ".join('"{}"*'.format(" ".join(phrase)) for phrase in self.phrases)

    def as_tsquery(self) -> str:
        parts = []
        for *words, last in self.phrases:
            parts.append(" <-> ".join([*(f"'{word}'" for word in words), f"'{last}':*"]))
        return " & ".join(parts)

    def finds(self, word: str) -> bool:
        """Whether the query matches `word` of a document: the highlighting rule."""
        whole_words, prefixes = self._rules
        word = fold(word)
        return word in whole_words or word.startswith(prefixes)

    @cached_property
    def _rules(self):
        whole_words = {fold(word) for phrase in self.phrases for word in phrase[:-1]}
        return whole_words, tuple(fold(phrase[-1]) for phrase in self.phrases)


def parse_query(text: str) -> Terms:
    """Turn free text into `Terms`; anything but letters and digits is dropped."""
    phrases = []
    for chunk in text.split():
        phrase = tuple(word[:MAX_WORD_LENGTH] for word in WORD.findall(chunk.lower()))
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    meaningful = [
        phrase for phrase in phrases if not (len(phrase) == 1 and phrase[0] in STOP_WORDS)
    ]
    return Terms(tuple((meaningful or phrases)[:MAX_PHRASES]))


def search_questions(queryset, text: str):
    """Filter `queryset` to the questions matching `text`, best match first.

    Each question gets `search_rank` (higher is better) and the plain text of its
    body and answers as `search_body` and `search_answers`, for `snippet()`. Text
    with no words in it leaves the queryset as it was.
    """
    terms = parse_query(text)
    if not terms:
        return queryset
    vendor = connections[queryset.db].vendor
    if vendor not in _BACKENDS:
        raise NotSupportedError(f"Full-text search needs SQLite or PostgreSQL, not {vendor}.")
    backend = _BACKENDS[vendor]
    tiebreak = queryset.query.order_by or queryset.model._meta.ordering
    # The isnull filter makes the join to the index an inner one: FTS5 refuses to
    # MATCH on the nullable side of an outer join.
    return (
        backend(queryset.filter(search_index__isnull=False), terms)
        .annotate(search_body=F("search_index__body"), search_answers=F("search_index__answers"))
        .order_by("-search_rank", *tiebreak)
    )


class _IndexColumn(Expression):
    """A column of the search index that its model does not declare.

    FTS5's hidden column named after its table on SQLite, the stored tsvector
    on PostgreSQL. Resolving a declared column of the index joins it and tells
    which alias to qualify the column with.
    """

    def __init__(self, column, output_field):
        super().__init__(output_field=output_field)
        self.column = column
        self.anchor = F("search_index__title")

    def get_source_expressions(self):
        return [self.anchor]

    def set_source_expressions(self, exprs):
        (self.anchor,) = exprs

    def as_sql(self, compiler, connection):
        alias = compiler.quote_name_unless_alias(self.anchor.alias)
        return f"{alias}.{connection.ops.quote_name(self.column)}", []


def _search_sqlite(queryset, terms):
    index_table = queryset.model._meta.get_field("search_index").related_model._meta.db_table
    document = _IndexColumn(index_table, output_field=TextField())
    matches = Func(
        document,
        Value(terms.as_fts5()),
        template="%(expressions)s",
        arg_joiner=" MATCH ",
        output_field=BooleanField(),
    )
    # bm25() weighs each column of the FTS5 table: question_id (never matched),
    # then title, body and answers. It is lower for better matches; negated, it
    # sorts like PostgreSQL's rank.
    rank = Func(
        document,
        Value(0.0),
        *(Value(weight) for weight in WEIGHTS.values()),
        function="bm25",
        template="-%(function)s(%(expressions)s)",
        output_field=FloatField(),
    )
    return queryset.filter(matches).annotate(search_rank=rank)


def _search_postgresql(queryset, terms):
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField

    query = SearchQuery(terms.as_tsquery(), search_type="raw", config=TEXT_SEARCH_CONFIG)
    # ts_rank takes weights for the labels D, C, B, A; the migration labels the
    # title A, the body B and the answers C.
    weights = [0.0, *(weight / WEIGHTS["title"] for weight in reversed(WEIGHTS.values()))]
    return (
        queryset.alias(search_vector=_IndexColumn("search_vector", SearchVectorField()))
        .filter(search_vector=query)
        .annotate(search_rank=SearchRank(F("search_vector"), query, weights=weights))
    )


_BACKENDS = {"sqlite": _search_sqlite, "postgresql": _search_postgresql}


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


class _TextExtractor(HTMLParser):
    BREAKS = {
        "blockquote", "br", "dd", "div", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
        "hr", "li", "p", "pre", "td", "th", "tr",
    }  # fmt: skip

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append(" ")
        elif tag == "img":
            self.parts.append(" {} ".format(dict(attrs).get("alt") or ""))

    def handle_endtag(self, tag):
        if tag in self.BREAKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words of rendered Markdown, without its markup, on one line."""
    extractor = _TextExtractor()
    extractor.feed(html)
    extractor.close()
    return " ".join("".join(extractor.parts).split())
