"""A visitor's search text, parsed into the terms both databases match.

Every word of the text must appear as the start of a word, so "decor" finds
"decorators". Neither backend stems, so `Terms.finds` can highlight exactly the
words a database matched, and snippets come out the same on both.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

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
