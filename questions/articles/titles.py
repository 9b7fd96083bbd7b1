"""Question titles and topic names: emphasis stripped, numbering and levels read out of headings."""

import re
import unicodedata
from functools import lru_cache

from .decoding import TRANSLATION
from .parsed import MAX_TITLE_LENGTH, MAX_TOPIC_LENGTH
from .patterns import (
    ANY_LEVEL,
    CODE_SPAN,
    EMPHASIS_PAIR,
    EMPHASIS_RUN,
    LEADING_BOLD_NUMBER,
    LEADING_SYMBOLS,
    LEVEL_PATTERNS,
    WRAPPED,
)


def normalise_question(title: str) -> str:
    """The form two question titles share when they ask the same thing."""
    text = unicodedata.normalize("NFKC", title).translate(TRANSLATION).casefold()
    text = re.sub(r"[*_`]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text.rstrip(" ?.!:;")


def topic_name_from(heading: str) -> str | None:
    """The topic a title or section heading names, without numbering, levels and filler."""
    name = _without_ranges(strip_emphasis(heading))
    name = re.sub(r"^(?:part|section|chapter)\s+\w+\s*[:.\-\u2013\u2014]\s*", "", name, flags=re.I)
    name = re.sub(r"^(?:\d+|[IVX]+|[A-Z])[.)]\s+", "", name)
    name = re.sub(r"^(?:the\s+)?(?:top|best)\s+\d+\s+|^\d+\s+", "", name, flags=re.I)
    name = re.sub(
        r"\s*[(\[]?\b(?:19|20)\d\d\b(?:\s+(?:update|edition))?[)\]]?", "", name, flags=re.I
    )
    name = re.sub(
        r"\s*[-\u2013\u2014:]?\s*\b(?:interview|questions?|q\s*&\s*a|qna)\b.*$",
        "",
        name,
        flags=re.I,
    )
    name = re.sub(rf"\s+for\s+(?:{ANY_LEVEL})(?:\s+and\s+(?:{ANY_LEVEL}))?$", "", name, flags=re.I)
    name = re.sub(rf"\s*[(\[](?:{ANY_LEVEL})[)\]]", "", name, flags=re.I)
    name = re.sub(rf"^(?:{ANY_LEVEL})(?:\s+levels?)?(?:\s+|$)", "", name, flags=re.I)
    name = re.sub(rf"^(?:{ANY_LEVEL})$", "", name, flags=re.I)
    name = name.strip(" -\u2013\u2014:,.")
    if not name:
        return None
    return (name[0].upper() + name[1:])[:MAX_TOPIC_LENGTH].strip()


def difficulty_from(heading: str) -> str | None:
    """The level a heading names where headings name levels, if exactly one.

    Only a leading word ("Advanced Django"), a trailing "for beginners" or a
    word in brackets counts: "Beyond the basics" is not a beginner section.
    """
    text = re.sub(r"^(?:\d+|[IVX]+)[.)]\s+", "", _without_ranges(strip_emphasis(heading)))
    places = [
        rf"^(?:{ANY_LEVEL})\b",
        rf"\bfor\s+(?:{ANY_LEVEL})(?:\s+(?:and|&)\s+(?:{ANY_LEVEL}))?$",
        rf"[(\[](?:{ANY_LEVEL})[)\]]",
    ]
    named = " ".join(
        match.group(0) for place in places if (match := re.search(place, text, re.IGNORECASE))
    )
    found = [level for level, pattern in LEVEL_PATTERNS.items() if pattern.search(named)]
    return found[0] if len(found) == 1 else None


def unwrap(text: str) -> str:
    """Drop emphasis markers wrapped around a whole line."""
    text = text.strip()
    match = WRAPPED.match(text) or re.match(r"^([*_])([^*_].*[^*_])\1$", text)
    return match.group(2).strip() if match else text


@lru_cache(maxsize=256)
def strip_emphasis(text: str) -> str:
    """The text without wrapping emphasis, a bold number's stars or leading emoji."""
    # Cached: each block is asked "are you a heading, a title, a question?" in turn.
    text = unwrap(LEADING_BOLD_NUMBER.sub(r"\2 ", text.strip()))
    return re.sub(r"\s+", " ", unwrap(LEADING_SYMBOLS.sub("", text))).strip()


def ends_with_question_mark(text: str) -> bool:
    return text.rstrip("*_ ").endswith(("?", "\uff1f"))


def clean_title(text: str) -> str | None:
    """A question's title: no emphasis (inline code stays code), no trailing colon."""
    title = without_emphasis(strip_emphasis(text)).rstrip(":").strip()
    if not title or len(title) > MAX_TITLE_LENGTH:
        return None
    return title


def without_emphasis(text: str) -> str:
    """`What is **_Django_**?` -> `What is Django?`; text in backticks is left as it is."""
    # Emphasis around a code span (`**`x`**`) goes first: split() would part the two.
    text = re.sub(r"(\*\*|__|[*_])(`+[^`]*`+)\1", r"\2", text)
    parts = CODE_SPAN.split(text)
    # split() with a group keeps the code spans at the odd positions.
    for index in range(0, len(parts), 2):
        part = EMPHASIS_RUN.sub(r"\2", parts[index])
        parts[index] = EMPHASIS_PAIR.sub(r"\1", part)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _without_ranges(text: str) -> str:
    """ "Beginner Level (1-8)" -> "Beginner Level": the question numbers a section holds."""
    return re.sub(
        r"\s*[(\[]\s*(?:q\s*)?\d+\s*[-\u2013\u2014]\s*(?:q\s*)?\d+\s*[)\]]", "", text, flags=re.I
    )
