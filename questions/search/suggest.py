""" "Did you mean": corrections drawn from the words of recent published questions.

A query word is corrected when no word of the sample has its stem for a start;
the correction is the sample's stem nearest to it by edit distance (at most one
edit for short words, two for longer ones) that starts with the same letter,
the most frequent on a tie. Only the queryset's documents supply words, and the
corrected search must find one of them: callers pass published questions, so a
draft's words are never suggested.

The sample is bounded: the titles and details of the `SAMPLE_SIZE` newest
questions of the queryset, not every indexed word. Reading every published
document's terms (FTS5's vocabulary, or every tsvector on PostgreSQL) grows
with the bank: 4.5 s at 100,000 questions. A vocabulary table kept by triggers
would be exact, but it would hold drafts' words too and need its own upkeep on
both databases; typos are mostly of words that recent questions use, so the
sample suggests them, in three queries whatever the size of the bank.
"""

from collections import Counter

from .matches import ranked_ids
from .query import WORD, parse_query, stem_of

MIN_WORD_LENGTH = 3
# Candidate stems no longer or shorter than the word by more than this.
MAX_DISTANCE = 2
# How many found questions lend the words shown for the corrected stems.
SURFACE_SOURCES = 5
# How many of the newest questions lend their words to the vocabulary.
SAMPLE_SIZE = 300


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
    shown = ranked_ids(queryset, parse_query(_replaced(text, corrections)))[:SURFACE_SOURCES]
    document_model = queryset.model._meta.get_field("search_document").related_model
    found = list(
        document_model.objects.filter(question__in=shown).values_list("title", "body", "answers")
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
    """The stems of the sample's words near `stems`, by first letter, with counts."""
    document_model = queryset.model._meta.get_field("search_document").related_model
    newest = queryset.order_by("-pk").values("pk")[:SAMPLE_SIZE]
    texts = document_model.objects.filter(question__in=newest).values_list("title", "body")
    words = Counter()
    for title, body in texts:
        words.update(set(WORD.findall(f"{title} {body}".lower())))
    firsts = {stem[0] for stem in stems}
    shortest = min(len(stem) for stem in stems) - MAX_DISTANCE
    longest = max(len(stem) for stem in stems) + MAX_DISTANCE
    vocabulary = {}
    for word, count in words.items():
        # A stem is the word or a few letters shorter: only those can come near.
        if word[0] in firsts and shortest <= len(word) <= longest + 4:
            term = stem_of(word)
            if term and term[0] in firsts and shortest <= len(term) <= longest:
                letter = vocabulary.setdefault(term[0], {})
                letter[term] = letter.get(term, 0) + count
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
