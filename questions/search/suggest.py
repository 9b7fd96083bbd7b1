""" "Did you mean": corrections drawn from the words of the index itself.

A query word is corrected when no document of the given queryset holds its stem;
the correction is the indexed stem nearest to it by edit distance (at most one
edit for short words, two for longer ones) that starts with the same letter,
the most frequent on a tie. Only the queryset's documents supply words, and the
corrected search must find one of them: callers pass published questions, so a
draft's words are never suggested. Two queries, whatever the size of the bank.
"""

from django.db import connections

from .backends import search_questions
from .query import WORD, parse_query, stem_of

MIN_WORD_LENGTH = 3
# Candidate stems no longer or shorter than the word by more than this.
MAX_DISTANCE = 2
# How many found questions lend the words shown for the corrected stems.
SURFACE_SOURCES = 5

SQLITE_TERMS = """
    SELECT term, count(*) FROM questions_searchvocab
    WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s AND doc IN ({ids})
    GROUP BY term
"""
POSTGRESQL_TERMS = """
    SELECT term, count(*)
    FROM questions_searchdocument, unnest(tsvector_to_array(search_vector)) AS term
    WHERE term >= %s AND term < %s AND length(term) BETWEEN %s AND %s
    AND question_id IN ({ids})
    GROUP BY term
"""


def suggest(text: str, queryset) -> str:
    """`text` with its unknown words corrected, or "" when there is nothing to correct.

    `queryset` holds the questions whose words may be suggested.
    """
    terms = parse_query(text)
    unknown = {
        word: stem_of(word)
        for word in terms.words
        if len(word) >= MIN_WORD_LENGTH and not word.isdigit()
    }
    if not unknown:
        return ""
    vocabulary = _vocabulary(queryset, set(unknown.values()))
    corrections = {}
    for word, stem in unknown.items():
        if any(term.startswith(stem) for term in vocabulary.get(stem[0], {})):
            continue
        if correction := _nearest(stem, vocabulary.get(stem[0], {})):
            corrections[word] = correction
    if not corrections:
        return ""
    # The stems are what the index holds; the reader should see words, taken
    # from the best few questions the corrected search finds.
    found = list(
        search_questions(queryset, _replaced(text, corrections)).values_list(
            "search_index__title", "search_body", "search_answers"
        )[:SURFACE_SOURCES]
    )
    if not found:
        return ""
    forms = {}
    for match in WORD.finditer(" ".join(" ".join(texts) for texts in found)):
        forms.setdefault(stem_of(match.group()), set()).add(match.group().lower())
    return _replaced(
        text,
        {
            # Of the words with the stem, the one closest to what the reader typed.
            word: min(forms.get(stem, {stem}), key=lambda form: (_distance(word, form, 64), form))
            for word, stem in corrections.items()
        },
    )


def _vocabulary(queryset, stems):
    """The indexed stems of `queryset`'s documents near `stems`, by first letter, with counts."""
    connection = connections[queryset.db]
    template = {"sqlite": SQLITE_TERMS, "postgresql": POSTGRESQL_TERMS}[connection.vendor]
    ids, id_params = queryset.order_by().values("pk").query.sql_with_params()
    selects, params = [], []
    for stem in sorted(stems):
        first = stem[0]
        selects.append(template.format(ids=ids))
        params += [first, chr(ord(first) + 1), len(stem) - MAX_DISTANCE, len(stem) + MAX_DISTANCE]
        params += id_params
    vocabulary = {}
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ".join(f"SELECT * FROM ({select}) AS t" for select in selects), params
        )
        for term, count in cursor.fetchall():
            vocabulary.setdefault(term[0], {})[term] = count
    return vocabulary


def _nearest(stem, candidates):
    limit = 1 if len(stem) <= 4 else MAX_DISTANCE
    scored = [
        (distance, -count, term)
        for term, count in candidates.items()
        if (distance := _distance(stem, term, limit)) <= limit
    ]
    return min(scored)[-1] if scored else None


def _distance(a, b, limit):
    """Edit distance with transpositions (optimal string alignment), capped at `limit` + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i]
        for j, char_b in enumerate(b, 1):
            cost = char_a != char_b
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, previous2[j - 2] + 1)
            current.append(value)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _replaced(text, replacements):
    def replace(match):
        return replacements.get(match.group().lower(), match.group())

    return WORD.sub(replace, text)
