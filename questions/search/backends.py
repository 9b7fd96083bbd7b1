"""The two full-text backends: SQLite's FTS5 and PostgreSQL's tsvector.

Every question has a `SearchDocument` with the plain text of its title, body and
answers, and the database indexes it as `SearchIndex` (see `questions.search.models`
and migrations 0002 and 0005): an FTS5 table with the porter tokenizer on SQLite, a
stored, weighted, English-stemmed tsvector with a GIN index on PostgreSQL. Both match
the same `Terms`.

Visibility is not the index's business: callers pass a queryset that already
holds only what the visitor may see (`Question.objects.visible_to(user)`).
"""

from django.db import NotSupportedError, connections
from django.db.models import BooleanField, Expression, F, FloatField, Func, TextField, Value

from .query import Terms, parse_query

# How much a match counts in the title, the body and the answers.
WEIGHTS = {"title": 10.0, "body": 4.0, "answers": 1.0}
# PostgreSQL's English stemmer without stop words, as FTS5's porter (migration 0005).
TEXT_SEARCH_CONFIG = "questions_english"


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


def _search_sqlite(queryset, terms: Terms):
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


def _search_postgresql(queryset, terms: Terms):
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
