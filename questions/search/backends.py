"""Search as a queryset: the ranked matches (`matches`) as a filter and an order.

Every question has a `SearchDocument` with the plain text of its title, body and
answers, and the database indexes it as `SearchIndex` (see `questions.search.models`
and migrations 0002 and 0005): an FTS5 table with the porter tokenizer on SQLite, a
stored, weighted, English-stemmed tsvector with a GIN index on PostgreSQL. Both match
the same `Terms`.

Visibility is not the index's business: callers pass a queryset that already
holds only what the visitor may see (`Question.objects.visible_to(user)`), with
every other filter applied before the search.
"""

import json

from django.db import NotSupportedError, connections
from django.db.models import BooleanField, Expression, F, IntegerField
from django.db.models.sql.where import WhereNode

from .matches import MAX_MATCHES, ranked_ids
from .query import parse_query

# Digits enough for a rank of every match.
RANK_DIGITS = len(str(MAX_MATCHES + 1))
_RANK_TEXT = [b"%0*d" % (RANK_DIGITS, rank) for rank in range(MAX_MATCHES + 2)]


def search_questions(queryset, text: str):
    """Filter `queryset` to the questions matching `text`, best match first.

    At most `matches.MAX_MATCHES` + 1 of them: a list shows "1,000+" beyond
    `MAX_MATCHES`. Each question gets `search_rank` (higher is better); the
    plain text of the rows shown, for `snippet()`, comes from `with_search_text`.
    Text with no words in it leaves the queryset as it was. Filter before
    searching, not after: the matches are counted and capped among the
    questions of `queryset`.

    The queryset returned carries `ranked`, the same results as `RankedResults`
    for a paginator (a clone of it does not keep this).
    """
    terms = parse_query(text)
    if not terms:
        return queryset
    vendor = connections[queryset.db].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise NotSupportedError(f"Full-text search needs SQLite or PostgreSQL, not {vendor}.")
    ids = ranked_ids(queryset, terms)
    if not ids:
        return queryset.none()
    rows = _rows_of(queryset)
    results = (
        rows.filter(_Among(F("pk"), ids))
        .annotate(search_rank=_Rank(F("pk"), ids))
        .order_by("-search_rank")
    )
    results.ranked = RankedResults(rows, ids)
    return results


class RankedResults:
    """A search's results as a paginator reads them: counted and sliced by their ids.

    Each id is one of the visitor's questions, checked in this request
    (`ranked_ids`), so a count is the ids' and a page is its ids' rows, looked
    up by primary key: no query counts them again or orders a thousand rows to
    show twenty.
    """

    def __init__(self, rows, ids):
        self.rows, self.ids = rows, ids

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1 or None][0]
        ids = self.ids[index]
        found = {row.pk: row for row in self.rows.filter(pk__in=ids).order_by()} if ids else {}
        return [found[pk] for pk in ids if pk in found]


def with_search_text(questions) -> list:
    """`questions` (a page of results) as a list, each with `search_text` for `snippet()`.

    The plain text of its body and of its answers, as the index holds them, in
    one query by primary key for the page (in SQL: the ORM's building of it
    took twenty times as long as the database's answer).
    """
    questions = list(questions)
    if not questions:
        return questions
    meta = questions[0]._meta.get_field("search_document").related_model._meta
    body, answers = (meta.get_field(name).column for name in ("body", "answers"))
    pks = [question.pk for question in questions]
    with connections[questions[0]._state.db].cursor() as cursor:
        cursor.execute(
            f"SELECT {meta.pk.column}, {body}, {answers} FROM {meta.db_table}"
            f" WHERE {meta.pk.column} IN ({', '.join(['%s'] * len(pks))})",
            pks,
        )
        texts = {pk: (body, answers) for pk, body, answers in cursor.fetchall()}
    for question in questions:
        question.search_text = texts.get(question.pk, ())
    return questions


def _rows_of(queryset):
    """`queryset` with what it selects and annotates, without its filters.

    The ranked ids are all the visitor's (`ranked_ids`): left in the outer query,
    the filters would only be checked again, and SQLite (without ANALYZE
    statistics) would scan the whole list index for the status rather than look
    the few ranked questions up by primary key.
    """
    rows = queryset.all()
    if len(rows.query.alias_map) > 1:
        # A filter that joined another table: keep the filters rather than the joins alone.
        return rows
    rows.query.where = WhereNode()
    return rows


class _IdsExpression(Expression):
    """An expression of a question's id and the ranked ids, passed as one parameter."""

    def __init__(self, pk, ids, output_field):
        super().__init__(output_field=output_field)
        self.pk, self.ids = pk, ids

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs):
        (self.pk,) = exprs


class _Among(_IdsExpression):
    """Whether the question is one of `ids`."""

    def __init__(self, pk, ids):
        super().__init__(pk, ids, BooleanField())

    def as_sqlite(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        return f"{pk} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.ids)]

    def as_postgresql(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        return f"{pk} = ANY(%s::bigint[])", [*params, self.ids]


class _Rank(_IdsExpression):
    """Higher for a better match: minus the question's place in `ids` (SQLite: counted up)."""

    def __init__(self, pk, ids):
        super().__init__(pk, ids, IntegerField())

    def as_sqlite(self, compiler, connection):
        # A blob of four ASCII digits per id from the lowest to the highest, each
        # id's rank at 4 * (id - lowest): read in constant time. Looking each id
        # up in a list of them took 5 ms to order 1,000 matches.
        pk, params = compiler.compile(self.pk)
        lowest = min(self.ids)
        ranks = bytearray(RANK_DIGITS * (max(self.ids) - lowest + 1))
        for rank, id in zip(range(len(self.ids), 0, -1), self.ids, strict=True):
            at = RANK_DIGITS * (id - lowest)
            ranks[at : at + RANK_DIGITS] = _RANK_TEXT[rank]
        return (
            f"CAST(substr(%s, ({pk} - %s) * {RANK_DIGITS} + 1, {RANK_DIGITS}) AS INTEGER)",
            [bytes(ranks), lowest, *params],
        )

    def as_postgresql(self, compiler, connection):
        pk, params = compiler.compile(self.pk)
        return f"-array_position(%s::bigint[], {pk}::bigint)", [self.ids, *params]
