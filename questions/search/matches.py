"""The ranked matches of a search, as question ids: bounded work at any bank size.

The full-text index drives the query: its matches are read in index order and
joined to the visible questions by primary key, so the database stops after the
first `MAX_MATCHES` + 1 that the visitor may see, whatever the bank holds. Only
those are ranked, and only their ids travel: the text of a result is fetched
for the rows a page shows (see `backends`).

Ranking works on the capped matches alone. FTS5's `bm25()` cannot: it counts
every document that holds each word before scoring the first one (50 ms for a
common word at 100,000 questions), so on SQLite a match scores by where each
phrase appears, the title above the details above the answers. PostgreSQL's
`ts_rank` reads one stored vector per row and ranks them exactly.

The ids are cached per query, visitor's list and content generation, so later
pages of the same search read them instead of searching again. Visibility never
rests on the cache: ids read from it are checked against the visitor's list
again, in one query by primary key, before they are used.
"""

import hashlib
import json
import logging
import re
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import F

from ..pagecache.generation import GENERATION_KEY, bump_pending, start_generation
from ..pagecache.watch import watcher
from .query import Terms, parse_query, stem_of

logger = logging.getLogger(__name__)

# How many matches a search ranks and pages through; lists say "1,000+" beyond.
MAX_MATCHES = 1000
# How much a match counts in the title, the body and the answers.
WEIGHTS = {"title": 10.0, "body": 4.0, "answers": 1.0}
# PostgreSQL's English stemmer without stop words, as FTS5's porter (migration 0005).
TEXT_SEARCH_CONFIG = "questions_english"
ID = "search_id"
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:")


def ranked_ids(queryset, terms: Terms) -> list[int]:
    """The ids of `queryset`'s questions matching `terms`, best first, at most `MAX_MATCHES` + 1.

    Equally good matches keep `queryset`'s order. Every id is one of `queryset`'s
    now: found through it, or read from the cache and looked up in it again.
    """
    tiebreak = _tiebreak(queryset)
    visible = queryset.order_by().values(
        **{ID: F("pk")}, **{f"search_tie{i}": F(name) for i, (name, _) in enumerate(tiebreak)}
    )
    connection = connections[queryset.db]
    sql, params = visible.query.sql_with_params()
    key = _cache_key(connection.vendor, sql, params, terms)
    ids = _cached(key)
    if ids is None:
        rows = _matches(connection, sql, params, terms)
        for index in reversed(range(len(tiebreak))):
            rows.sort(key=lambda row: _sortable(row[2 + index]), reverse=tiebreak[index][1])
        rows.sort(key=lambda row: row[1], reverse=True)
        ids = [row[0] for row in rows]
        _store(key, ids)
    elif ids:
        ids = _still_visible(connection, ids, sql, params)
    return ids


def _still_visible(connection, ids, sql, params):
    """The ones of `ids` that the visible query `sql` still holds, in their order."""
    if connection.vendor == "sqlite":
        # CROSS JOIN: the ids first, each looked up in the list by primary key.
        query = f"""
            SELECT ranked.value FROM json_each(%s) AS ranked
            CROSS JOIN ({sql}) AS visible ON visible.{ID} = ranked.value
            ORDER BY ranked.key
        """
        values = [json.dumps(ids)]
    else:
        query = f"""
            SELECT ranked.id FROM unnest(%s::bigint[]) WITH ORDINALITY AS ranked (id, place)
            JOIN ({sql}) AS visible ON visible.{ID} = ranked.id
            ORDER BY ranked.place
        """
        values = [ids]
    with connection.cursor() as cursor:
        cursor.execute(query, [*values, *params])
        return [row[0] for row in cursor.fetchall()]


def _matches(connection, sql, params, terms):
    whole = Terms(terms.phrases, (False,) * len(terms.phrases))
    if connection.vendor == "sqlite" and any(terms.prefix):
        # FTS5 merges the whole list of every word a prefix stands for before it
        # returns a match (35 ms for "assert" at 100,000 questions); the words
        # themselves it reads match by match. When they alone fill the cap, the
        # prefixes could only add matches beyond it.
        rows = _fetch(connection, *_sqlite_query(sql, params, whole))
        if len(rows) > MAX_MATCHES:
            return rows
    return _fetch(connection, *_QUERIES[connection.vendor](sql, params, terms))


def _tiebreak(queryset):
    """`queryset`'s ordering as (field, descending) pairs; expressions are left to the pk."""
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    pairs = [(name.lstrip("-"), name.startswith("-")) for name in ordering if isinstance(name, str)]
    if not any(name in ("pk", "id") for name, _ in pairs):
        pairs.append(("pk", False))
    return pairs


def _sortable(value):
    return (value is None, value)


def _sqlite_query(sql, params, terms):
    # CROSS JOIN fixes the order: the index first, then each match's question by
    # its primary key (the FTS5 rowid), never the index probed question by question.
    scores, score_params = [], []
    for phrase in terms.phrases:
        stems = [f"%{stem_of(word)}%" for word in phrase]
        in_title = " AND ".join(["document.title LIKE %s"] * len(stems))
        in_body = " AND ".join(["document.body LIKE %s"] * len(stems))
        scores.append(
            f"CASE WHEN {in_title} THEN {WEIGHTS['title']} "
            f"WHEN {in_body} THEN {WEIGHTS['body']} ELSE {WEIGHTS['answers']} END"
        )
        score_params += stems + stems
    query = f"""
        SELECT visible.*, {" + ".join(scores)}
        FROM questions_searchindex
        CROSS JOIN ({sql}) AS visible ON visible.{ID} = questions_searchindex.rowid
        CROSS JOIN questions_searchdocument AS document
            ON document.question_id = questions_searchindex.rowid
        WHERE questions_searchindex MATCH %s
        LIMIT {MAX_MATCHES + 1}
    """
    return query, [*score_params, *params, terms.as_fts5()]


def _postgresql_query(sql, params, terms):
    # ts_rank takes weights for the labels D, C, B, A; the migration labels the
    # title A, the body B and the answers C.
    weights = [0.0, *(weight / WEIGHTS["title"] for weight in reversed(WEIGHTS.values()))]
    tsquery = "to_tsquery(%s::regconfig, %s)"
    query = f"""
        SELECT visible.*, ts_rank(%s::float4[], matched.search_vector, {tsquery})
        FROM (
            SELECT question_id, search_vector FROM questions_searchdocument
            WHERE search_vector @@ {tsquery}
        ) AS matched
        JOIN ({sql}) AS visible ON visible.{ID} = matched.question_id
        LIMIT {MAX_MATCHES + 1}
    """
    config, text = TEXT_SEARCH_CONFIG, terms.as_tsquery()
    return query, [weights, config, text, config, text, *params]


_QUERIES = {"sqlite": _sqlite_query, "postgresql": _postgresql_query}


def _fetch(connection, query, params):
    """Rows as (id, rank, *tiebreak), from rows of (id, *tiebreak, rank)."""
    with _index_only(connection), connection.cursor() as cursor:
        cursor.execute(query, params)
        return [(row[0], row[-1], *row[1:-1]) for row in cursor.fetchall()]


@contextmanager
def _index_only(connection):
    """On PostgreSQL, let the planner reach the documents through the GIN index only.

    With a LIMIT, it would rather read the documents in order (a sequential scan,
    or the primary key's index) and test each vector until enough match: for a
    prefix query that is every vector of the bank, while the GIN index answers in
    a fraction of the time. Index scans go for this one query; the questions are
    then looked up through bitmaps of their primary key.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=connection.alias, savepoint=False):
        with connection.cursor() as cursor:
            # The settings as they were, then off until the transaction ends.
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'),"
                " set_config('enable_seqscan', 'off', true),"
                " set_config('enable_indexscan', 'off', true)"
            )
            seqscan, indexscan, *_ = cursor.fetchone()
        # A failed query ends the transaction, and its settings with it.
        yield
        # Back as they were: an outer transaction goes on with its own plans.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('enable_seqscan', %s, true),"
                " set_config('enable_indexscan', %s, true)",
                [seqscan, indexscan],
            )


def plan(queryset, text: str) -> str:
    """The database's plan for the query that finds `text` in `queryset` (for tests)."""
    connection = connections[queryset.db]
    sql, params = queryset.order_by().values(**{ID: F("pk")}).query.sql_with_params()
    query, query_params = _QUERIES[connection.vendor](sql, params, parse_query(text))
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with _index_only(connection), connection.cursor() as cursor:
        cursor.execute(explain + query, query_params)
        return "\n".join(" ".join(str(value) for value in row) for row in cursor.fetchall())


def _cache_key(vendor, sql, params, terms):
    if not settings.SEARCH_CACHE_SECONDS:
        return None
    # The generation as this worker follows it (`pagecache.watch`), without a
    # round trip to Redis; else read (and started: the page cache starts it too).
    shared = watcher()
    generation = shared.current() if shared is not None and not bump_pending() else None
    if generation is None:
        try:
            generation = cache.get(GENERATION_KEY) or start_generation()
        except Exception:  # The cache is a shortcut: without it, search the database.
            logger.warning("search: cache unreachable, searching without it", exc_info=True)
            return None
    # The clock in "published by now" changes every request; to the minute, a
    # search repeated within one shares its ids (the page's own query still
    # applies the exact time, so a newly due question is at most a minute late).
    stable = [_to_the_minute(param) for param in params]
    source = repr((vendor, sql, stable, terms.phrases, terms.prefix, generation))
    return "search:ids:" + hashlib.sha256(source.encode()).hexdigest()


def _to_the_minute(param):
    if isinstance(param, datetime):
        return param.replace(second=0, microsecond=0)
    # SQLite's backend passes times as text.
    if isinstance(param, str) and TIMESTAMP.match(param):
        return param[:16]
    return param


# The ids this process used last, under the same keys: a key names its content
# generation, so an entry is current for as long as the shared cache keeps it.
_recent = OrderedDict()
_recent_lock = threading.Lock()
RECENT_SEARCHES = 128


def _cached(key):
    if key is None:
        return None
    with _recent_lock:
        recent = _recent.get(key)
        if recent is not None and time.monotonic() - recent[0] < settings.SEARCH_CACHE_SECONDS:
            _recent.move_to_end(key)
            return recent[1]
    try:
        ids = cache.get(key)
    except Exception:
        logger.warning("search: cache unreachable, searching without it", exc_info=True)
        return None
    if ids is not None:
        _remember(key, ids)
    return ids


def _store(key, ids):
    if key is None:
        return
    _remember(key, ids)
    try:
        cache.set(key, ids, settings.SEARCH_CACHE_SECONDS)
    except Exception:
        logger.warning("search: cache unreachable, ids not kept", exc_info=True)


def _remember(key, ids):
    with _recent_lock:
        _recent[key] = (time.monotonic(), ids)
        _recent.move_to_end(key)
        while len(_recent) > RECENT_SEARCHES:
            _recent.popitem(last=False)
