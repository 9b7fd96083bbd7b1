"""A visitor's search text, parsed into the terms both databases match.

Both indexes store English stems (FTS5's `porter` tokenizer, PostgreSQL's
`english` stemmer) and stem the query the same way, so "migration" finds
"migrations". The last word typed also matches as the start of a stem, so
"decor" finds "decorators" (the visitor may not have finished it), unless the
text ends with symbols or the word is a single character: "C++", "__init__" and
"N+1" mean whole words, not every word that starts with "c", "init" or "1".
Earlier words match whole: a prefix stands for every word that starts with it,
which the index merges in full before the first match, and a pasted question of
ten such words took longer to search than its page took to draw. `Terms.finds`
applies the same rules to a document's words to highlight what the database
matched.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .stem import stem

# A word as FTS5's unicode61 tokenizer sees one: letters and digits; everything
# else, underscore included, separates words.
WORD = re.compile(r"[^\W_]+")
MAX_PHRASES = 10
MAX_WORD_LENGTH = 64
# Shorter last words match whole: as prefixes they would match most of the bank.
MIN_PREFIX_LENGTH = 2
# How many of a document's words one `Terms` remembers the answer for.
FOUND_MEMO_WORDS = 4096
# Left out of a query unless it holds nothing else: they are in most questions,
# and requiring them would hide good matches for "what is a decorator".
STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "do", "does", "for", "from",
    "how", "i", "in", "is", "it", "of", "on", "or", "the", "to", "what", "when", "where",
    "which", "who", "why", "with", "you",
})  # fmt: skip


def fold(word: str) -> str:
    """Lower-case `word` and strip its accents, as FTS5's `remove_diacritics` does."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Snippets ask about every word of a page's texts, mostly the same few thousand.
@lru_cache(maxsize=16384)
def stem_of(word: str) -> str:
    """The form of a document's or a query's `word` that the index compares."""
    return stem(fold(word))


@dataclass(frozen=True)
class Terms:
    """A visitor's search text, cleaned: phrases that must all appear.

    A phrase is the words of one whitespace-separated chunk ("select_related" is
    the phrase "select related"); `prefix` tells, phrase by phrase, whether its
    last word matches as a prefix.
    """

    phrases: tuple[tuple[str, ...], ...]
    prefix: tuple[bool, ...] = ()

    def __post_init__(self):
        if len(self.prefix) != len(self.phrases):
            object.__setattr__(self, "prefix", (True,) * len(self.phrases))

    def __bool__(self):
        return bool(self.phrases)

    @property
    def words(self) -> list[str]:
        """Every word of the query, in order, once."""
        return list(dict.fromkeys(word for phrase in self.phrases for word in phrase))

    def as_fts5(self) -> str:
        # Quoted phrases carry no FTS5 operators; the words are letters and digits only.
        return " ".join(
            '"{}"{}'.format(" ".join(phrase), "*" if prefix else "")
            for phrase, prefix in zip(self.phrases, self.prefix, strict=True)
        )

    def as_tsquery(self) -> str:
        parts = []
        for (*words, last), prefix in zip(self.phrases, self.prefix, strict=True):
            last = f"'{last}':*" if prefix else f"'{last}'"
            parts.append(" <-> ".join([*(f"'{word}'" for word in words), last]))
        return " & ".join(parts)

    def finds(self, word: str) -> bool:
        """Whether the query matches `word` of a document: the highlighting rule."""
        found = self._found.get(word)
        if found is None:
            whole_words, prefixes = self._rules
            stemmed = stem_of(word)
            found = stemmed in whole_words or (bool(prefixes) and stemmed.startswith(prefixes))
            if len(self._found) < FOUND_MEMO_WORDS:
                self._found[word] = found
        return found

    @cached_property
    def starts(self) -> tuple[str, ...]:
        """How every word of ASCII text that `finds` may accept starts, lower-cased.

        A stem keeps the first letters of its word (Porter's rules change only
        its last few), so a word the query finds starts as one of the query's
        stems does, less its last three letters. Empty if a stem is not ASCII.
        """
        whole_words, prefixes = self._rules
        starts = {stem[: max(1, len(stem) - 3)] for stem in (*whole_words, *prefixes)}
        return tuple(sorted(starts)) if all(start.isascii() for start in starts) else ()

    @cached_property
    def _found(self):
        # A page of snippets asks about thousands of words, mostly the same few hundred.
        return {}

    @cached_property
    def _rules(self):
        whole_words, prefixes = set(), []
        for phrase, prefix in zip(self.phrases, self.prefix, strict=True):
            whole_words.update(stem_of(word) for word in phrase[:-1])
            if prefix:
                prefixes.append(stem_of(phrase[-1]))
            else:
                whole_words.add(stem_of(phrase[-1]))
        return whole_words, tuple(prefixes)


def parse_query(text: str) -> Terms:
    """Turn free text into `Terms`; anything but letters and digits is dropped."""
    phrases = {}
    chunks = text.split()
    for place, chunk in enumerate(chunks, start=1):
        lowered = chunk.lower()
        matches = list(WORD.finditer(lowered))
        phrase = tuple(match.group()[:MAX_WORD_LENGTH] for match in matches)
        if not phrase:
            continue
        prefix = (
            place == len(chunks)
            and matches[-1].end() == len(lowered)
            and len(phrase[-1]) >= MIN_PREFIX_LENGTH
        )
        # The same words asked as a prefix and whole: the whole word is the stricter.
        phrases[phrase] = phrases.get(phrase, True) and prefix
    meaningful = {
        phrase: prefix
        for phrase, prefix in phrases.items()
        if not (len(phrase) == 1 and phrase[0] in STOP_WORDS)
    }
    kept = list((meaningful or phrases).items())[:MAX_PHRASES]
    return Terms(tuple(phrase for phrase, _ in kept), tuple(prefix for _, prefix in kept))
